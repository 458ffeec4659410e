import { ApiError } from '../../shared/errors'
import type { Logger } from '../../shared/log'
import type { Region } from '../../shared/regions'
import type { AuthUser } from '../auth/context'
import type { DataClient } from '../data/client'
import { abandonCharge, beginCharge, type ChargeRequest } from '../idempotency/charge'
import { fingerprintOf } from '../idempotency/key'
import { SPEAKING_LEASE_MS } from './config'
import type { SpeakingModule } from './interview/content'
import type { SessionTicket, SpeakingSessionObject } from './live/session-object'
import { speakingSessionId } from './session-id'

/** The namespace of speaking sessions (the `SPEAKING_SESSIONS` binding). */
export type SessionNamespace = DurableObjectNamespace<SpeakingSessionObject>

/**
 * The session's Durable Object, by session id. Created in Eastern North America (the hint
 * only counts when the object is first created), next to Nova Sonic in us-east-1: the
 * signed model stream stays short and the app's leg rides Cloudflare's network instead.
 */
export function sessionStub(namespace: SessionNamespace, id: string) {
  return namespace.get(namespace.idFromName(id), { locationHint: 'enam' })
}

export type StartDeps = {
  data: DataClient
  sessions: SessionNamespace
  user: Pick<AuthUser, 'id' | 'homeRegion'>
  /** Nearest first: where the result will be scored. */
  regions: readonly Region[]
  timeScale: number
  latencyNotice: string | null
  /** Counts the session against the daily cap of model calls (throws 429 over it). */
  countModelCall: () => Promise<unknown>
  now: () => Date
  log?: Logger
}

export type StartOutcome = { ticket: SessionTicket; replayed: boolean }

/**
 * Starts a speaking test, charged once per `Idempotency-Key`: the key is claimed and one
 * slot consumed in one write, the session is created in its Durable Object (named after
 * the user and the key), and a stream ticket is minted. A replay of the key — while the
 * first request runs, during the test, or after — answers the same session with a fresh
 * ticket and charges nothing. If the session cannot be created, the slot is given back.
 *
 * @example
 * const { ticket } = await startSpeakingSession(deps, { key, module: 'academic_speaking' })
 */
export async function startSpeakingSession(
  deps: StartDeps,
  request: { key: string; module: SpeakingModule },
): Promise<StartOutcome> {
  const { user } = deps
  const id = await speakingSessionId(user.id, request.key)
  const stub = sessionStub(deps.sessions, id)
  const charge: ChargeRequest = {
    userId: user.id,
    homeRegion: user.homeRegion,
    scope: 'speaking',
    key: request.key,
    fingerprint: await fingerprintOf({ module: request.module }),
    module: request.module,
    now: deps.now(),
    leaseMs: SPEAKING_LEASE_MS,
  }
  let outcome: Awaited<ReturnType<typeof beginCharge>>
  try {
    outcome = await beginCharge(deps.data, charge)
  } catch (error) {
    // The key is held by a session that is still running: the same session, a new ticket.
    if (!(error instanceof ApiError) || error.code !== 'IN_PROGRESS') throw error
    const ticket = await stub.reopen(user.id)
    if (!ticket) throw error
    return { ticket, replayed: true }
  }
  if (outcome.state === 'completed') {
    const ticket = await stub.reopen(user.id)
    return { ticket: ticket ?? settledTicket(outcome.resultId), replayed: true }
  }
  try {
    await deps.countModelCall()
    const ticket = await stub.open({
      id,
      userId: user.id,
      homeRegion: user.homeRegion,
      module: request.module,
      charge: { key: charge.key, fingerprint: charge.fingerprint, attempt: outcome.attempt },
      regions: [...deps.regions],
      timeScale: deps.timeScale,
      latencyNotice: deps.latencyNotice,
    })
    return { ticket, replayed: false }
  } catch (error) {
    await abandonCharge(deps.data, charge, outcome.attempt).catch((failure: unknown) =>
      deps.log?.error('speaking slot not restored', {
        error: failure instanceof Error ? failure.name : 'unknown',
      }),
    )
    throw error
  }
}

/** A completed key whose session is long gone: its result is in the history. */
function settledTicket(id: string): SessionTicket {
  return { id, state: 'scored', expiresAt: new Date(0).toISOString(), ticket: null }
}
