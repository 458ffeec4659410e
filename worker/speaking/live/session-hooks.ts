import { SESSION_TIMINGS } from '../config'
import type { FinishReason, Interview } from '../interview/interview'
import type { Transcript } from '../interview/transcript'
import type { StoredObservation } from '../scoring/pronunciation-band'
import type { LiveSessionDeps } from './live-session'
import type { FailureCode, SessionMeta } from './session-meta'
import type { SessionStore } from './session-state'

/** What the Durable Object does for the hooks: persist the meta, re-arm the alarm, settle. */
export type SessionOwner = {
  save(): Promise<void>
  reschedule(): Promise<void>
  /** The test is over: settle it (score, or give the slot back for `failure`). */
  settle(action: 'score' | 'refund', failure: FailureCode | null, reason: FinishReason): void
}

/**
 * How a live session's events change the stored session: the meta (status, times), the
 * interview snapshot, the transcript and the observations — text and numbers only.
 *
 * @example
 * new LiveSession({ …, hooks: sessionHooks(meta, { interview, transcript, observations, store }, owner) })
 */
export function sessionHooks(
  meta: SessionMeta,
  parts: {
    interview: Interview
    transcript: Transcript
    observations: StoredObservation[]
    store: SessionStore
  },
  owner: SessionOwner,
): LiveSessionDeps['hooks'] {
  const { interview, transcript, observations, store } = parts
  return {
    started: () => {
      meta.status = 'live'
      meta.startedAt = Date.now()
      meta.endBy = meta.startedAt + SESSION_TIMINGS.maxDurationMs * meta.timeScale
      void owner.save()
    },
    interviewChanged: () => {
      void store.putInterview(interview.snapshot())
      void owner.reschedule()
    },
    transcriptChanged: () => void store.putTranscript(transcript.toJSON()),
    observationsChanged: () => void store.putObservations(observations),
    appGone: () => {
      meta.disconnectedAt = Date.now()
      void owner.save()
    },
    appBack: () => {
      if (meta.disconnectedAt === null) return
      meta.disconnectedAt = null
      void owner.save()
    },
    finished: (reason, usage) => {
      meta.usage = usage
      if (meta.status === 'created') owner.settle('refund', 'NOT_STARTED', reason)
      else if (reason === 'failed') owner.settle('refund', 'EXAMINER_UNAVAILABLE', reason)
      else owner.settle('score', null, reason)
    },
  }
}
