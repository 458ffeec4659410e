import type { JsonValue } from '../../../shared/data-api'
import { MODULE_INFO } from '../../../shared/modules'
import { type AssessmentRecord, newAssessmentId } from '../../assessments/record'
import type { InterviewPlan } from '../interview/content'
import type { FinishReason } from '../interview/interview'
import type { TranscriptTurn } from '../interview/transcript'
import type { SpeakingScores } from './score'
import { SPEAKING_RUBRIC_VERSION } from './scoring-prompt'

export type SpeakingRecordInput = {
  sessionId: string
  plan: InterviewPlan
  scores: SpeakingScores
  turns: readonly TranscriptTurn[]
  truncated: boolean
  finishReason: FinishReason
  /** Who held the interview: Nova 2 Sonic, or the local emulator standing in for it. */
  voiceExaminer: 'amazon-nova-2-sonic' | 'local-emulator'
  startedAt: Date
  finishedAt: Date
  /** When scoring finished: the record's `createdAt` and the time in its id. */
  completedAt: Date
  /** The id, when an earlier attempt to store this result already chose one. */
  id?: string
}

/**
 * The stored record of a speaking test: text only — the scores, the final transcript
 * (examiner and candidate turns with their parts and times), the examiner's pronunciation
 * evidence as words, the models used and the rubric version. Never audio.
 *
 * @example
 * const record = speakingRecord({ sessionId, plan, scores, turns, truncated: false, … })
 */
export function speakingRecord(input: SpeakingRecordInput): AssessmentRecord {
  const { plan, scores } = input
  const result = {
    rubricVersion: SPEAKING_RUBRIC_VERSION,
    sessionId: input.sessionId,
    module: plan.module,
    test: { part1Set: plan.part1.id, cueCard: plan.card.id, cueCardTask: plan.card.task },
    finishReason: input.finishReason,
    voiceExaminer: input.voiceExaminer,
    ...scores,
    transcript: {
      turns: input.turns.map((t) => ({
        speaker: t.speaker,
        part: t.part,
        text: t.text,
        at: new Date(t.at).toISOString(),
      })),
      truncated: input.truncated,
    },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    completedAt: input.completedAt.toISOString(),
    durationSeconds: Math.round((input.finishedAt.getTime() - input.startedAt.getTime()) / 1000),
  }
  return {
    id: input.id ?? newAssessmentId(input.completedAt),
    kind: 'speaking',
    module: plan.module,
    createdAt: input.completedAt.toISOString(),
    overallBand: scores.overallBand,
    provisional: scores.provisional,
    title: `${MODULE_INFO[plan.module].title} mock test`,
    result: JSON.parse(JSON.stringify(result)) as { [key: string]: JsonValue },
  }
}
