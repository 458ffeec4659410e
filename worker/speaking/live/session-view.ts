import type { Phase } from '../interview/interview'
import type { Part } from '../interview/structure'
import type { TranscriptTurn } from '../interview/transcript'
import type { FailureCode, SessionMeta } from './session-meta'

/** The state an app sees. `failed` always means nothing was charged (or is being given back). */
export type PublicState = 'created' | 'live' | 'scoring' | 'scored' | 'failed'

export type SessionView = {
  id: string
  module: SessionMeta['module']
  state: PublicState
  createdAt: string
  expiresAt: string
  startedAt: string | null
  finishedAt: string | null
  finishReason: SessionMeta['finishReason']
  part: Part | null
  phase: Phase | null
  transcript: {
    turns: { speaker: TranscriptTurn['speaker']; part: Part; text: string; at: string }[]
    truncated: boolean
  } | null
  assessmentId: string | null
  failure: { code: FailureCode; message: string; slotRestored: boolean } | null
}

const FAILURE_MESSAGES: Record<FailureCode, string> = {
  EXAMINER_UNAVAILABLE:
    'The examiner could not be reached. The test ended and you were not charged for it.',
  NOT_STARTED: 'The test was not started in time. You were not charged for it.',
  NOTHING_SAID:
    'None of your speech was recognised, so there is nothing to score. You were not charged for it.',
  SCORING_FAILED: 'The test could not be scored. You were not charged for it; please try again.',
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/**
 * What `GET /api/nova-sonic/sessions/:id` shows of a session (the stored result is added
 * by the route from the assessment record).
 *
 * @example
 * sessionView(meta, { part: 1, phase: 'part1' }, transcript)
 */
export function sessionView(
  meta: SessionMeta,
  progress: { part: Part | null; phase: Phase | null },
  transcript: { turns: TranscriptTurn[]; truncated: boolean } | null,
): SessionView {
  return {
    id: meta.id,
    module: meta.module,
    state: publicState(meta),
    createdAt: new Date(meta.createdAt).toISOString(),
    expiresAt: new Date(meta.startBy).toISOString(),
    startedAt: iso(meta.startedAt),
    finishedAt: iso(meta.finishedAt),
    finishReason: meta.finishReason,
    part: progress.part,
    phase: progress.phase,
    transcript: transcript && {
      turns: transcript.turns.map((t) => ({
        speaker: t.speaker,
        part: t.part,
        text: t.text,
        at: new Date(t.at).toISOString(),
      })),
      truncated: transcript.truncated,
    },
    assessmentId: meta.assessmentId,
    failure: failureOf(meta),
  }
}

export function publicState(meta: SessionMeta): PublicState {
  if (meta.status === 'settling') {
    return meta.settlement?.action === 'refund' ? 'failed' : 'scoring'
  }
  return meta.status
}

function failureOf(meta: SessionMeta): SessionView['failure'] {
  const pending = meta.status === 'settling' && meta.settlement?.action === 'refund'
  const code = pending ? meta.settlement?.failure : meta.status === 'failed' ? meta.failure : null
  if (!code) return null
  return { code, message: FAILURE_MESSAGES[code], slotRestored: !pending }
}
