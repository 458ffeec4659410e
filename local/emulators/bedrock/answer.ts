import { createHash } from 'node:crypto'
import { type ExaminerOutput, examine } from './examiner'
import type { Fault } from './faults'
import type { ConverseBody } from './request'
import { estimateTokens } from './tokens'

const INVENTED = 'This sentence was never written by the student.'

/** Converse's answer to a valid request: the examiner's tool call, or text when no tool is forced. */
export function converseAnswer(body: ConverseBody, fault: Fault | undefined, latencyMs: number) {
  const forced = body.toolConfig?.toolChoice
  const tool =
    forced && 'tool' in forced
      ? body.toolConfig?.tools.find((t) => t.toolSpec.name === forced.tool.name)
      : undefined
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex')
  const inputTokens = estimateTokens(
    JSON.stringify({ system: body.system, messages: body.messages, tools: body.toolConfig }),
  )
  const content: Record<string, unknown>[] = [
    { text: '<thinking>Local heuristic examiner: measuring the answer.</thinking>' },
  ]
  let stopReason = 'end_turn'
  if (tool && fault !== 'no-tool') {
    const repairing = lastUserTurn(body).some(
      (b) => 'toolResult' in b && b.toolResult.status === 'error',
    )
    const input = shapeInput(examineRequest(body, tool.toolSpec.inputSchema.json), fault, repairing)
    content.push({
      toolUse: { toolUseId: `tooluse_${digest.slice(0, 22)}`, name: tool.toolSpec.name, input },
    })
    stopReason = 'tool_use'
  } else {
    content.push({ text: 'The local emulator answers forced tool calls only.' })
  }
  const outputTokens = estimateTokens(JSON.stringify(content))
  return {
    output: { message: { role: 'assistant', content } },
    stopReason,
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    metrics: { latencyMs },
    additionalModelResponseFields: { examiner: 'local-emulator' },
  }
}

function lastUserTurn(body: ConverseBody) {
  return body.messages.at(-1)?.content ?? []
}

/** Finds the task and the answer in the first user turn, as the worker's prompt lays them out. */
function examineRequest(body: ConverseBody, schema: Record<string, unknown>): ExaminerOutput {
  const first = body.messages[0]?.content.find((b) => 'text' in b)
  const prompt = first && 'text' in first ? first.text : ''
  const answer = between(prompt, /<answer[^>]*>\n?/, '\n</answer>') ?? prompt
  const taskText = between(prompt, /<task[^>]*>\n?/, '\n</task>') ?? ''
  const minimumWords = Number(/minimum_words="(\d+)"/.exec(prompt)?.[1] ?? 250)
  const criteriaNode = (schema.properties as Record<string, { properties?: object }> | undefined)
    ?.criteria
  const criteria = Object.keys(
    criteriaNode?.properties ?? {
      task_response: 1,
      coherence_cohesion: 1,
      lexical_resource: 1,
      grammatical_range_accuracy: 1,
    },
  )
  return examine({ answer, taskText, minimumWords, criteria })
}

function between(text: string, open: RegExp, close: string): string | undefined {
  const start = open.exec(text)
  if (!start) return undefined
  const from = start.index + start[0].length
  const to = text.lastIndexOf(close)
  return to > from ? text.slice(from, to) : undefined
}

function shapeInput(output: ExaminerOutput, fault: Fault | undefined, repairing: boolean): unknown {
  if (fault === 'malformed-always' || (fault === 'malformed' && !repairing)) {
    const [first, second] = Object.keys(output.criteria)
    const broken = structuredClone(output) as { criteria: Record<string, Record<string, unknown>> }
    if (first) broken.criteria[first]!.band = 7.3
    if (second) delete broken.criteria[second]!.justification
    return broken
  }
  if (fault === 'invent-quotes') {
    for (const criterion of Object.values(output.criteria)) {
      criterion.evidence = [INVENTED, ...criterion.evidence].slice(0, 3)
    }
    output.corrections = [
      {
        quote: 'the goverments has decide',
        suggestion: 'the governments have decided',
        category: 'grammar',
      },
      ...output.corrections,
    ].slice(0, 10)
  }
  return output
}
