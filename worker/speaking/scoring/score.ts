import type { Logger } from '../../../shared/log'
import type { Region } from '../../../shared/regions'
import type { ConverseClient } from '../../bedrock/converse-client'
import type { Examiner } from '../../bedrock/tool-call'
import { type Band, roundedMean } from '../../scoring/bands'
import { CRITERION_NAMES } from '../../scoring/criteria'
import { type ModelRun, modelRunOf, scoreAnswer } from '../../scoring/score-answer'
import type { InterviewPlan } from '../interview/content'
import type { TranscriptTurn } from '../interview/transcript'
import {
  type PronunciationResult,
  pronunciationFrom,
  type StoredObservation,
} from './pronunciation-band'
import {
  candidateText,
  countWords,
  SPEAKING_SCORING_TOOL_DESCRIPTION,
  SPEAKING_SCORING_TOOL_NAME,
  speakingSystemPrompt,
  speakingUserMessage,
  TRANSCRIPT_CRITERIA,
} from './scoring-prompt'

type TranscriptCriterion = (typeof TRANSCRIPT_CRITERIA)[number]

export type SpeakingCriterion = {
  id: TranscriptCriterion
  name: string
  band: Band
  justification: string
  strengths: string[]
  improvements: string[]
  evidence: string[]
}

export type SpeakingCorrection = {
  quote: string
  suggestion: string
  category: string
  /** Index of the candidate's turn in the transcript. */
  turn: number
}

export type SpeakingScores = {
  criteria: SpeakingCriterion[]
  pronunciation: PronunciationResult | null
  /** Why pronunciation is null; null when it was assessed. */
  pronunciationNote: string | null
  overallBand: Band
  provisional: boolean
  bandNote: string
  corrections: SpeakingCorrection[]
  quotes: { checked: number; dropped: number }
  candidateWords: number
  examiner: Examiner
  model: ModelRun
}

export const SPEAKING_BAND_NOTE =
  'The overall band is computed by our code: the mean of the four criterion bands (Fluency and Coherence, Lexical Resource, Grammatical Range and Accuracy, Pronunciation) rounded to the nearest half band (.25 up to .5, .75 up to the next whole band). When Pronunciation was not assessed it is the same mean of the other three, marked provisional. IELTS does not publish how the criteria of one skill are rounded: this is our estimate.'

export type ScoreSpeakingInput = {
  plan: InterviewPlan
  turns: readonly TranscriptTurn[]
  observations: readonly StoredObservation[]
  client: ConverseClient
  regions: readonly Region[]
  maxTokens: number
  deadlineMs: number
  now?: () => number
  log?: Logger
}

/**
 * Scores a speaking test: Fluency and Coherence, Lexical Resource and Grammatical Range and
 * Accuracy from the transcript with Nova Micro (forced tool call, zod, one repair), quotes
 * checked against the candidate's own turns; Pronunciation from the examiner's recorded
 * observations only; the overall band by our code. Throws `ScoringUnavailableError`.
 *
 * @example
 * const scores = await scoreSpeaking({ plan, turns, observations, client, regions, maxTokens: 3000, deadlineMs: 45_000 })
 */
export async function scoreSpeaking(input: ScoreSpeakingInput): Promise<SpeakingScores> {
  const answer = candidateText(input.turns)
  const now = input.now ?? Date.now
  const { scored, checked } = await scoreAnswer({
    client: input.client,
    regions: input.regions,
    system: speakingSystemPrompt(),
    userText: speakingUserMessage(input.plan, input.turns, answer),
    tool: { name: SPEAKING_SCORING_TOOL_NAME, description: SPEAKING_SCORING_TOOL_DESCRIPTION },
    criteria: TRANSCRIPT_CRITERIA,
    answer: answer,
    maxTokens: input.maxTokens,
    deadlineAt: now() + input.deadlineMs,
    log: input.log,
  })
  const criteria = TRANSCRIPT_CRITERIA.map((id): SpeakingCriterion => {
    const { band, justification, strengths, improvements, evidence } = checked.criteria[id]
    return { id, name: CRITERION_NAMES[id], band, justification, strengths, improvements, evidence }
  })
  const pronunciation = pronunciationFrom(input.observations)
  const bands = criteria.map((c) => c.band)
  const assessed = pronunciation.assessed ? pronunciation.result : null
  return {
    criteria,
    pronunciation: assessed,
    pronunciationNote: pronunciation.assessed ? null : pronunciation.reason,
    overallBand: roundedMean(assessed ? [...bands, assessed.band] : bands),
    provisional: assessed === null || assessed.provisional,
    bandNote: SPEAKING_BAND_NOTE,
    corrections: checked.corrections.map((c) => ({
      quote: c.quote,
      suggestion: c.suggestion,
      category: c.category,
      turn: turnAt(input.turns, c.start),
    })),
    quotes: checked.quotes,
    candidateWords: countWords(answer),
    examiner: scored.examiner,
    model: modelRunOf(scored),
  }
}

/** The transcript index of the candidate turn holding offset `at` of `candidateText`. */
function turnAt(turns: readonly TranscriptTurn[], at: number): number {
  let offset = 0
  let last = -1
  for (const [index, turn] of turns.entries()) {
    if (turn.speaker !== 'candidate') continue
    last = index
    offset += turn.text.length + 1
    if (at < offset) return index
  }
  return last
}
