import type { SigningCredentials } from './frame-signer'
import { PRESIGN_EXPIRES_SECONDS, presignUrl, streamUrl } from './presign'
import { type Connector, ConnectRefused, type FrameSocket } from './socket'

/** Why one connection attempt failed. */
export type AttemptFailure = 'TIMEOUT' | 'REFUSED' | 'NETWORK'

/** Every attempt failed (or one was refused for a reason a retry cannot fix). */
export class SonicConnectError extends Error {
  readonly attempts: number
  readonly failure: AttemptFailure | 'REJECTED'
  readonly status: number | null
  constructor(attempts: number, failure: AttemptFailure | 'REJECTED', status: number | null) {
    super(`Could not open the Nova Sonic stream after ${attempts} attempt(s): ${failure}`)
    this.name = 'SonicConnectError'
    this.attempts = attempts
    this.failure = failure
    this.status = status
  }
}

export type ConnectOptions = {
  endpoint: string
  modelId: string
  credentials: SigningCredentials
  region: string
  service: string
  /** Sent as the `user-agent` query parameter, as the SDK's browser build does. */
  userAgent: string
  connector: Connector
  /** Per attempt: the upgrade must complete within this. */
  connectTimeoutMs: number
  /** Waits before the 2nd, 3rd… attempt: [1000, 2000, 4000] makes four attempts. */
  retryDelaysMs: readonly number[]
  now: () => Date
  sleep: (ms: number) => Promise<void>
  onAttemptFailed?: (attempt: number, failure: AttemptFailure, status: number | null) => void
}

export type OpenedSocket = { socket: FrameSocket; seedSignature: string }

// A refusal a retry cannot fix: bad signature, unknown model, malformed request.
const FINAL_STATUSES = new Set([400, 401, 403, 404])

/**
 * Presigns a fresh URL for every attempt (each is valid for 60 s) and opens the socket,
 * with a timeout per attempt and the configured waits between attempts.
 *
 * @throws SonicConnectError when no attempt succeeded
 * @example
 * const { socket, seedSignature } = await connectStream({ ...config, retryDelaysMs: [1000, 2000, 4000] })
 */
export async function connectStream(options: ConnectOptions): Promise<OpenedSocket> {
  const attempts = options.retryDelaysMs.length + 1
  let last: { failure: AttemptFailure; status: number | null } = {
    failure: 'NETWORK',
    status: null,
  }
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await options.sleep(options.retryDelaysMs[attempt - 2] ?? 0)
    try {
      return await attemptOnce(options)
    } catch (error) {
      last = describe(error)
      if (last.status !== null && FINAL_STATUSES.has(last.status)) {
        throw new SonicConnectError(attempt, 'REJECTED', last.status)
      }
      options.onAttemptFailed?.(attempt, last.failure, last.status)
    }
  }
  throw new SonicConnectError(attempts, last.failure, last.status)
}

async function attemptOnce(options: ConnectOptions): Promise<OpenedSocket> {
  const presigned = await presignUrl({
    url: `${streamUrl(options.endpoint, options.modelId)}?user-agent=${encodeURIComponent(options.userAgent)}`,
    credentials: options.credentials,
    region: options.region,
    service: options.service,
    expiresSeconds: PRESIGN_EXPIRES_SECONDS,
    now: options.now(),
  })
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.connectTimeoutMs)
  try {
    const socket = await options.connector(presigned.url, controller.signal)
    if (timedOut) {
      socket.close(1000, 'connect timed out')
      throw new AttemptTimeout()
    }
    return { socket, seedSignature: presigned.signature }
  } catch (error) {
    throw timedOut ? new AttemptTimeout() : error
  } finally {
    clearTimeout(timer)
  }
}

class AttemptTimeout extends Error {
  override name = 'AttemptTimeout'
}

function describe(error: unknown): { failure: AttemptFailure; status: number | null } {
  if (error instanceof AttemptTimeout) return { failure: 'TIMEOUT', status: null }
  if (error instanceof ConnectRefused) return { failure: 'REFUSED', status: error.status }
  return { failure: 'NETWORK', status: null }
}
