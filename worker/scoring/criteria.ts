import { z } from 'zod'
import { HALF_BANDS } from './bands'

/** Every criterion the examiners score, writing and speaking. */
export const CRITERION_NAMES = {
  task_achievement: 'Task Achievement',
  task_response: 'Task Response',
  coherence_cohesion: 'Coherence and Cohesion',
  fluency_coherence: 'Fluency and Coherence',
  lexical_resource: 'Lexical Resource',
  grammatical_range_accuracy: 'Grammatical Range and Accuracy',
} as const

export type CriterionId = keyof typeof CRITERION_NAMES

/** The four criteria of a writing task: Task 1 has Task Achievement, Task 2 Task Response. */
export const WRITING_CRITERIA = {
  1: ['task_achievement', 'coherence_cohesion', 'lexical_resource', 'grammatical_range_accuracy'],
  2: ['task_response', 'coherence_cohesion', 'lexical_resource', 'grammatical_range_accuracy'],
} as const satisfies Record<1 | 2, readonly CriterionId[]>

/** The kinds of inline correction, for the app to colour them. */
export const CORRECTION_CATEGORIES = [
  'grammar',
  'vocabulary',
  'spelling',
  'punctuation',
  'cohesion',
  'task',
] as const

export const LIMITS = {
  justificationChars: 600,
  itemChars: 300,
  strengths: 3,
  improvements: 5,
  evidence: 3,
  corrections: 10,
} as const

const item = z.string().trim().min(1).max(LIMITS.itemChars)

/** What the model reports for one criterion. */
export const criterionAssessmentSchema = z.object({
  band: z
    .literal(HALF_BANDS)
    .describe('Band for this criterion from the public IELTS descriptors: 0 to 9 in half bands.'),
  justification: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.justificationChars)
    .describe('Two or three sentences explaining the band with reference to the descriptors.'),
  strengths: z
    .array(item)
    .max(LIMITS.strengths)
    .describe('Up to 3 strengths, one short sentence each.'),
  improvements: z
    .array(item)
    .max(LIMITS.improvements)
    .describe('Up to 5 concrete improvements, one short sentence each.'),
  evidence: z
    .array(item)
    .max(LIMITS.evidence)
    .describe('Up to 3 short passages copied verbatim from the answer that support the band.'),
})

/** One inline correction: an exact passage of the answer and what to write instead. */
export const correctionSchema = z.object({
  quote: item.describe('The exact words from the answer that need correcting, copied verbatim.'),
  suggestion: item.describe('The corrected wording.'),
  category: z.enum(CORRECTION_CATEGORIES),
})

export type CriterionAssessment = z.infer<typeof criterionAssessmentSchema>
export type Correction = z.infer<typeof correctionSchema>

/** The tool input for the given criteria: one zod schema, also the source of the JSON schema. */
export type ScoringToolInput<C extends CriterionId = CriterionId> = {
  criteria: Record<C, CriterionAssessment>
  corrections: Correction[]
}

/**
 * The scoring tool's input schema for a set of criteria. The same object validates the
 * model's reply and, through {@link toToolInputSchema}, is what the model is shown, so the
 * two cannot drift apart.
 *
 * @example
 * const schema = scoringToolSchema(WRITING_CRITERIA[2])
 * schema.parse(toolUse.input).criteria.task_response.band
 */
export function scoringToolSchema<C extends CriterionId>(criteria: readonly C[]) {
  const shape = Object.fromEntries(criteria.map((id) => [id, criterionAssessmentSchema]))
  return z.object({
    criteria: z.object(shape as Record<C, typeof criterionAssessmentSchema>),
    corrections: z
      .array(correctionSchema)
      .max(LIMITS.corrections)
      .describe('Up to 10 inline corrections of the most important errors.'),
  }) as unknown as z.ZodType<ScoringToolInput<C>>
}
