import type { Region } from '../../shared/regions'
import type { TokenUsage } from '../bedrock/converse-types'
import { callScoringTool, type ToolCallOptions, type ToolCallResult } from '../bedrock/tool-call'
import { type CriterionId, type ScoringToolInput, scoringToolSchema } from './criteria'
import { verifyQuotes } from './quotes'

export type ScoreAnswerOptions<C extends CriterionId> = Omit<ToolCallOptions<unknown>, 'tool'> & {
  tool: { name: string; description: string }
  /** The criteria the tool's schema asks a band for. */
  criteria: readonly C[]
  /** What the quotes must come from: the essay, or the candidate's side of a transcript. */
  answer: string
}

/**
 * One scoring run, shared by writing and speaking: the forced tool call over the criteria's
 * schema, then every quote checked against the answer (invented ones dropped and logged
 * as a count, never the text).
 *
 * @example
 * const { scored, checked } = await scoreAnswer({ ...call, tool, criteria, answer: essay })
 */
export async function scoreAnswer<C extends CriterionId>(options: ScoreAnswerOptions<C>) {
  const { criteria, answer, tool, ...call } = options
  const scored = await callScoringTool({
    ...call,
    tool: { ...tool, schema: scoringToolSchema(criteria) },
  })
  const checked = verifyQuotes(scored.input as ScoringToolInput<C>, answer)
  if (checked.quotes.dropped > 0) call.log?.warn('invented quotes dropped', checked.quotes)
  return { scored, checked }
}

/** Which model scored an answer, where, at what cost: stored with every assessment. */
export type ModelRun = {
  id: string
  region: Region
  usage: TokenUsage
  latencyMs: number
  calls: number
  repaired: boolean
}

/** The model run of a scoring call, as stored. */
export function modelRunOf(scored: ToolCallResult<unknown>): ModelRun {
  const { modelId: id, region, usage, latencyMs, calls, repaired } = scored
  return { id, region, usage, latencyMs, calls, repaired }
}
