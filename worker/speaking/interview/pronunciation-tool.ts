import { z } from 'zod'
import type { ToolSpec } from '../../nova-sonic/input-events'

/**
 * The examiner's one tool. Only the model that hears the audio can judge pronunciation, so
 * it records what it hears as it goes; the scorer later turns these observations into the
 * Pronunciation band (our code does the band maths) or reports pronunciation as not assessed
 * when there are none. Nothing else about the audio is kept.
 */
export const PRONUNCIATION_TOOL_NAME = 'record_pronunciation_evidence'

export const PRONUNCIATION_FEATURES = [
  'individual_sounds',
  'word_stress',
  'sentence_stress',
  'intonation',
  'connected_speech',
  'chunking',
  'intelligibility',
] as const

/** One observation, as the tool receives it (validated before it is kept). */
export const pronunciationObservation = z.strictObject({
  feature: z.enum(PRONUNCIATION_FEATURES),
  effect: z.enum(['helps', 'hinders']),
  /** What was heard: the word or phrase and how it sounded. */
  evidence: z.string().trim().min(3).max(300),
  /** The IELTS Pronunciation band descriptor this observation best matches. */
  descriptorLevel: z.number().int().min(1).max(9),
})
export type PronunciationObservation = z.infer<typeof pronunciationObservation>

/** At most this many observations are kept per session. */
export const MAX_OBSERVATIONS = 40

const inputJsonSchema = {
  type: 'object',
  properties: {
    feature: { type: 'string', enum: PRONUNCIATION_FEATURES },
    effect: { type: 'string', enum: ['helps', 'hinders'] },
    evidence: {
      type: 'string',
      description:
        'What you heard: the word or phrase and how it was pronounced (max 300 characters).',
    },
    descriptorLevel: {
      type: 'integer',
      minimum: 1,
      maximum: 9,
      description: 'The IELTS Pronunciation band descriptor level this observation best matches.',
    },
  },
  required: ['feature', 'effect', 'evidence', 'descriptorLevel'],
  additionalProperties: false,
}

/** The tool as declared in promptStart. */
export const PRONUNCIATION_TOOL: ToolSpec = {
  name: PRONUNCIATION_TOOL_NAME,
  description:
    "Silently record one observation about the candidate's pronunciation that you heard in their speech. " +
    'Call it whenever you notice something clear, helpful or unhelpful; never mention it to the candidate.',
  inputSchema: { json: JSON.stringify(inputJsonSchema) },
}

/**
 * Validates a tool input; returns the observation or the reason it was refused (which goes
 * back to the model as the tool result, so it can correct itself).
 *
 * @example
 * const checked = checkObservation(event.input)
 * conversation.answerTool(event.toolUseId, checked.ok ? { recorded: true } : { recorded: false, error: checked.error })
 */
export function checkObservation(
  input: unknown,
): { ok: true; observation: PronunciationObservation } | { ok: false; error: string } {
  const parsed = pronunciationObservation.safeParse(input)
  if (parsed.success) return { ok: true, observation: parsed.data }
  const issue = parsed.error.issues[0]
  return { ok: false, error: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` }
}
