import type { Region } from '../../../shared/regions'
import { SESSION_TIMINGS } from '../config'
import type { SpeakingModule } from '../interview/content'
import type { FinishReason } from '../interview/interview'

/**
 * - `created`: waiting for the app to connect and send `ready` (until `startBy`);
 * - `live`: the test is running;
 * - `settling`: the test is over; the result is being scored and stored, or (`refund`)
 *   the slot is being given back;
 * - `scored`: the result is stored (`assessmentId`); `failed`: nothing was charged.
 */
export type SessionStatus = 'created' | 'live' | 'settling' | 'scored' | 'failed'

export type FailureCode = 'EXAMINER_UNAVAILABLE' | 'NOT_STARTED' | 'NOTHING_SAID' | 'SCORING_FAILED'

export type Settlement = {
  action: 'score' | 'refund'
  attempts: number
  nextAt: number
  failure: FailureCode | null
}

/** Everything about a session but its content. Ids, times and states only. */
export type SessionMeta = {
  id: string
  userId: string
  homeRegion: Region
  module: SpeakingModule
  plan: { part1Id: string; cardId: string }
  /** The `Idempotency-Key` charge this session consumed a slot under. */
  charge: { key: string; fingerprint: string; attempt: string }
  /** Where scoring calls the model (the caller's nearest regions at creation). */
  regions: Region[]
  timeScale: number
  latencyNotice: string | null
  status: SessionStatus
  createdAt: number
  startBy: number
  startedAt: number | null
  endBy: number | null
  finishedAt: number | null
  finishReason: FinishReason | null
  disconnectedAt: number | null
  settlement: Settlement | null
  assessmentId: string | null
  failure: FailureCode | null
  purgeAt: number | null
  usage: { inputTokens: number; outputTokens: number }
}

/** What a new session is created with (the rest starts empty). */
export type NewSession = Pick<
  SessionMeta,
  | 'id'
  | 'userId'
  | 'homeRegion'
  | 'module'
  | 'plan'
  | 'charge'
  | 'regions'
  | 'timeScale'
  | 'latencyNotice'
>

/** A session waiting for the app: it must start within the (scaled) start window. */
export function newSessionMeta(input: NewSession, now: number): SessionMeta {
  return {
    ...input,
    status: 'created',
    createdAt: now,
    startBy: now + SESSION_TIMINGS.startWindowMs * input.timeScale,
    startedAt: null,
    endBy: null,
    finishedAt: null,
    finishReason: null,
    disconnectedAt: null,
    settlement: null,
    assessmentId: null,
    failure: null,
    purgeAt: null,
    usage: { inputTokens: 0, outputTokens: 0 },
  }
}

/** When the session next needs the alarm, given its meta and the interview's next timer. */
export function wakeAt(meta: SessionMeta, interviewDeadline: number | null, inMemory: boolean) {
  const grace = SESSION_TIMINGS.reconnectGraceMs * meta.timeScale
  switch (meta.status) {
    case 'created':
      return meta.startBy
    case 'live': {
      // Not in memory: restarted mid-test; wait for the app to come back, within the grace.
      const back = meta.disconnectedAt === null ? null : meta.disconnectedAt + grace
      if (!inMemory) return back ?? Date.now()
      const times = [interviewDeadline, meta.endBy, back].filter((t): t is number => t !== null)
      return times.length > 0 ? Math.min(...times) : Date.now()
    }
    case 'settling':
      return meta.settlement?.nextAt ?? Date.now()
    default:
      return meta.purgeAt
  }
}
