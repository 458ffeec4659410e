import { ApiError } from '../../shared/errors'
import type { Logger } from '../../shared/log'
import type { Region } from '../../shared/regions'
import type { ConverseClient } from '../bedrock/converse-client'
import { BAND_ESTIMATE_NOTE, taskBand } from '../scoring/bands'
import { CRITERION_NAMES, WRITING_CRITERIA } from '../scoring/criteria'
import {
  type AnswerFacts,
  fixedBandsFor,
  lengthCapFor,
  measureAnswer,
  taskCriterion,
} from '../scoring/rules'
import { modelRunOf, scoreAnswer } from '../scoring/score-answer'
import {
  type AppliedRule,
  assessmentHeader,
  type CriterionResult,
  decidedByRule,
  type WritingAssessment,
} from './assessment'
import {
  SCORING_TOOL_DESCRIPTION,
  SCORING_TOOL_NAME,
  writingSystemPrompt,
  writingUserMessage,
} from './prompt'
import { renderTaskText, type WritingTask } from './question-bank'

/** Longest answer accepted (characters); the route's body schema uses the same limit. */
export const MAX_ANSWER_CHARS = 12_000

export type { WritingAssessment } from './assessment'

export type AssessEssayInput = {
  task: WritingTask
  text: string
  client: ConverseClient
  /** Nearest first (`c.get('regions')`). */
  regions: readonly Region[]
  maxTokens: number
  deadlineMs: number
  now?: () => number
  log?: Logger
  /**
   * Runs right before the model is called (not when a descriptor rule decides every band):
   * where the route counts the call against the daily cap. Throwing stops the assessment.
   */
  beforeModelCall?: () => Promise<unknown>
}

/**
 * Scores one answer to one writing task: the descriptor rules first (no model call when
 * they decide every band), then Nova Micro through a forced tool call, quotes checked
 * against the answer, the length cap applied, and the task band computed by our code.
 * Throws `ScoringUnavailableError` (502) when the model cannot be used.
 *
 * @example
 * const result = await assessEssay({ task, text, client, regions: c.get('regions'), maxTokens: 3000, deadlineMs: 45_000 })
 */
export async function assessEssay(input: AssessEssayInput): Promise<WritingAssessment> {
  const { task, text } = input
  if (text.trim() === '' || text.length > MAX_ANSWER_CHARS) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `The answer must be 1 to ${MAX_ANSWER_CHARS} characters.`,
    )
  }
  const facts = measureAnswer(text, renderTaskText(task), task.minimumWords)
  const criteria = WRITING_CRITERIA[task.task]
  const fixed = fixedBandsFor(facts)
  if (fixed) return decidedByRule(task, facts, fixed)

  await input.beforeModelCall?.()
  const now = input.now ?? Date.now
  const { scored, checked } = await scoreAnswer({
    client: input.client,
    regions: input.regions,
    system: writingSystemPrompt(task),
    userText: writingUserMessage(task, text, facts.countedWords),
    tool: { name: SCORING_TOOL_NAME, description: SCORING_TOOL_DESCRIPTION },
    criteria: criteria,
    answer: text,
    maxTokens: input.maxTokens,
    deadlineAt: now() + input.deadlineMs,
    log: input.log,
  })
  const results = criteria.map((id): CriterionResult => {
    const model = checked.criteria[id]
    return { id, name: CRITERION_NAMES[id], ...model, band: model.band, modelBand: model.band }
  })
  const rulesApplied = applyLengthCap(results, facts)
  return {
    ...assessmentHeader(task, facts, scored.examiner),
    criteria: results,
    taskBand: taskBand(results.map((r) => r.band)),
    bandNote: BAND_ESTIMATE_NOTE,
    rulesApplied,
    corrections: checked.corrections,
    quotes: checked.quotes,
    model: modelRunOf(scored),
  }
}

/** Caps Task Achievement/Response of an under-length answer; returns the rule if it bit. */
function applyLengthCap(results: CriterionResult[], facts: AnswerFacts): AppliedRule[] {
  const cap = lengthCapFor(facts)
  const target = results.find((r) => r.id === taskCriterion(results.map((x) => x.id)))
  if (!cap || !target || target.band <= cap.cap) return []
  target.band = cap.cap
  return [{ rule: cap.rule, criteria: [target.id], band: cap.cap, reason: cap.reason }]
}
