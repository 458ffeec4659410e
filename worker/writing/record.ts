import type { JsonValue } from '../../shared/data-api'
import { type AssessmentRecord, newAssessmentId } from '../assessments/record'
import type { WritingAssessment } from './assessment'
import type { WritingTask } from './question-bank'

export type WritingRecordInput = {
  task: WritingTask
  /** The normalised answer that was assessed. */
  text: string
  assessment: WritingAssessment
  /** When the request arrived. */
  submittedAt: Date
  /** When scoring finished: the record's `createdAt` and the time in its id. */
  completedAt: Date
  random?: (bytes: Uint8Array) => Uint8Array
}

/**
 * The stored record of a writing assessment: the essay, the task, every criterion with our
 * bands, corrections, the model (id, region, token usage) and rubric version, and the
 * submission and completion times. `overallBand` is the task band; it is `provisional`
 * because the rounding of a task band from its criteria is our estimate (IELTS publishes
 * the rounding of the overall band only), which `result.bandNote` says in words.
 *
 * @example
 * const record = writingRecord({ task, text, assessment, submittedAt, completedAt: new Date() })
 */
export function writingRecord(input: WritingRecordInput): AssessmentRecord {
  const { task, assessment } = input
  const result = {
    ...assessment,
    text: input.text,
    submittedAt: input.submittedAt.toISOString(),
    completedAt: input.completedAt.toISOString(),
  }
  return {
    id: newAssessmentId(input.completedAt, input.random),
    kind: 'writing',
    module: task.module,
    createdAt: input.completedAt.toISOString(),
    overallBand: assessment.taskBand,
    provisional: true,
    title: task.title,
    result: result as unknown as { [key: string]: JsonValue },
  }
}
