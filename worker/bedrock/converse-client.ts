import { AwsClient } from 'aws4fetch'
import type { Logger } from '../../shared/log'
import { converseUrl, NOVA_MICRO_PROFILES } from '../../shared/models'
import type { Region } from '../../shared/regions'
import { signingKeys } from '../lib/signing-keys'
import {
  type ConverseRequest,
  type ConverseResponse,
  converseResponseSchema,
} from './converse-types'
import { type BedrockError, parseBedrockError, ScoringUnavailableError } from './errors'

export type ConverseFetch = (request: Request) => Promise<Response>

export type ConverseClientOptions = {
  endpoints: Record<Region, string>
  credentials: { accessKeyId: string; secretAccessKey: string }
  /** One region's attempt; cut shorter when the deadline is nearer. */
  attemptTimeoutMs: number
  /** Jittered backoff before each fail-over: a random share of min(cap, base·2^(n-1)). */
  backoff?: { baseMs: number; capMs: number }
  /** Extra headers on every call: only the local emulator's test directives, never in production. */
  testHeaders?: Record<string, string>
  fetch?: ConverseFetch
  now?: () => number
  random?: () => number
  sleep?: (ms: number) => Promise<void>
}

/** What happened in one region, for logs and tests. */
export type AttemptRecord = { region: Region; outcome: string; latencyMs: number }

export type ConverseReply = {
  region: Region
  modelId: string
  response: ConverseResponse
  /** Wall time of the successful attempt, measured here. */
  latencyMs: number
  attempts: AttemptRecord[]
}

type AttemptResult =
  | { ok: true; response: ConverseResponse }
  | { ok: false; outcome: string; error?: BedrockError }

const DEFAULT_BACKOFF = { baseMs: 100, capMs: 1_000 }

/**
 * Calls Bedrock Converse with Nova Micro in the nearest region, failing over to the next on
 * throttling, 5xx or timeout with jittered backoff, all within one deadline. Calls are
 * signed with aws4fetch for service `bedrock` (aws4fetch would guess `bedrock-runtime` from
 * the host, which Bedrock refuses) and `retries: 0` (its default retries 429/5xx ten times
 * in the same region; fail-over is ours).
 *
 * @example
 * const reply = await client.converse(request, { regions: c.get('regions'), deadlineAt: Date.now() + 45_000 })
 */
export class ConverseClient {
  readonly #options: ConverseClientOptions
  readonly #signers = new Map<Region, AwsClient>()
  readonly #fetch: ConverseFetch
  readonly #now: () => number

  constructor(options: ConverseClientOptions) {
    this.#options = options
    this.#fetch = options.fetch ?? ((request) => fetch(request))
    this.#now = options.now ?? Date.now
  }

  /** Sends `request` to the first region of `regions` that answers it, within `deadlineAt`. */
  async converse(
    request: ConverseRequest,
    options: { regions: readonly Region[]; deadlineAt: number; log?: Logger },
  ): Promise<ConverseReply> {
    const body = JSON.stringify(request)
    const attempts: AttemptRecord[] = []
    for (const [index, region] of options.regions.entries()) {
      if (index > 0) await this.#backoff(index, options.deadlineAt)
      const remaining = options.deadlineAt - this.#now()
      if (remaining <= 0) break
      const started = this.#now()
      const result = await this.#attempt(
        region,
        body,
        Math.min(remaining, this.#options.attemptTimeoutMs),
      )
      const latencyMs = this.#now() - started
      if (result.ok) {
        attempts.push({ region, outcome: 'ok', latencyMs })
        const modelId = NOVA_MICRO_PROFILES[region]
        return { region, modelId, response: result.response, latencyMs, attempts }
      }
      attempts.push({ region, outcome: result.outcome, latencyMs })
      if (result.error && !result.error.failover) throw result.error
      options.log?.warn('bedrock failover', { region, outcome: result.outcome })
    }
    const exhausted = attempts.length === options.regions.length
    options.log?.error('bedrock unavailable', {
      attempts: attempts.map((a) => `${a.region}:${a.outcome}`).join(','),
    })
    throw new ScoringUnavailableError(exhausted ? 'regions_exhausted' : 'deadline_exceeded')
  }

  async #attempt(region: Region, body: string, timeoutMs: number): Promise<AttemptResult> {
    const url = converseUrl(this.#options.endpoints[region], NOVA_MICRO_PROFILES[region])
    try {
      const signed = await this.#signer(region).sign(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...this.#options.testHeaders,
        },
        body,
      })
      const response = await this.#fetch(
        new Request(signed, { signal: AbortSignal.timeout(timeoutMs) }),
      )
      if (!response.ok) {
        const error = await parseBedrockError(response)
        return { ok: false, outcome: `${response.status}:${error.type}`, error }
      }
      const parsed = converseResponseSchema.safeParse(await response.json().catch(() => null))
      if (!parsed.success) return { ok: false, outcome: 'malformed-response' }
      return { ok: true, response: parsed.data }
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error'
      return { ok: false, outcome: name === 'TimeoutError' ? 'timeout' : `network-${name}` }
    }
  }

  async #backoff(failures: number, deadlineAt: number) {
    const { baseMs, capMs } = this.#options.backoff ?? DEFAULT_BACKOFF
    const ceiling = Math.min(capMs, baseMs * 2 ** (failures - 1))
    const delay = Math.floor((this.#options.random ?? Math.random)() * ceiling)
    const wait = Math.min(delay, Math.max(0, deadlineAt - this.#now()))
    if (wait > 0) await (this.#options.sleep ?? sleep)(wait)
  }

  #signer(region: Region): AwsClient {
    let signer = this.#signers.get(region)
    if (!signer) {
      signer = new AwsClient({
        ...this.#options.credentials,
        service: 'bedrock',
        region,
        retries: 0,
        cache: signingKeys,
      })
      this.#signers.set(region, signer)
    }
    return signer
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
