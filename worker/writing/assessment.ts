import type { Examiner } from '../bedrock/tool-call'
import { BAND_ESTIMATE_NOTE, type Band } from '../scoring/bands'
import { CRITERION_NAMES, type CriterionId, WRITING_CRITERIA } from '../scoring/criteria'
import type { VerifiedCorrection } from '../scoring/quotes'
import type { AnswerFacts, FixedBands, RuleId } from '../scoring/rules'
import type { ModelRun } from '../scoring/score-answer'
import { WRITING_RUBRIC_VERSION } from './prompt'
import type { WritingTask } from './question-bank'

/**
 * The result of a writing assessment, as the route returns it and stores it (text only).
 * `model` is null when a descriptor rule decided every band without the model.
 */
export type CriterionResult = {
  id: CriterionId
  name: string
  band: Band
  /** What the model said, before our rules; null when no model was asked. */
  modelBand: Band | null
  justification: string
  strengths: string[]
  improvements: string[]
  evidence: string[]
}

export type AppliedRule = { rule: RuleId; criteria: CriterionId[]; band: Band; reason: string }

export type WritingAssessment = {
  rubricVersion: string
  taskId: string
  module: WritingTask['module']
  task: 1 | 2
  examiner: Examiner | 'rules'
  words: { total: number; copiedFromPrompt: number; counted: number; minimum: number }
  criteria: CriterionResult[]
  taskBand: Band
  bandNote: string
  rulesApplied: AppliedRule[]
  corrections: VerifiedCorrection[]
  quotes: { checked: number; dropped: number }
  model: ModelRun | null
}

/** The fields every result starts with. */
export function assessmentHeader(
  task: WritingTask,
  facts: AnswerFacts,
  examiner: WritingAssessment['examiner'],
) {
  return {
    rubricVersion: WRITING_RUBRIC_VERSION,
    taskId: task.id,
    module: task.module,
    task: task.task,
    examiner,
    words: {
      total: facts.totalWords,
      copiedFromPrompt: facts.copiedWords,
      counted: facts.countedWords,
      minimum: facts.minimumWords,
    },
  }
}

/** Every criterion at the band a descriptor rule fixes; no model call, no cost. */
export function decidedByRule(
  task: WritingTask,
  facts: AnswerFacts,
  fixed: FixedBands,
): WritingAssessment {
  const criteria = WRITING_CRITERIA[task.task]
  const advice =
    fixed.rule === 'not_english'
      ? 'Write your answer in English.'
      : `Write at least ${task.minimumWords} words of your own; text copied from the task is not counted.`
  return {
    ...assessmentHeader(task, facts, 'rules'),
    criteria: criteria.map((id) => ({
      id,
      name: CRITERION_NAMES[id],
      band: fixed.band,
      modelBand: null,
      justification: fixed.reason,
      strengths: [],
      improvements: [advice],
      evidence: [],
    })),
    taskBand: fixed.band,
    bandNote: BAND_ESTIMATE_NOTE,
    rulesApplied: [
      { rule: fixed.rule, criteria: [...criteria], band: fixed.band, reason: fixed.reason },
    ],
    corrections: [],
    quotes: { checked: 0, dropped: 0 },
    model: null,
  }
}
