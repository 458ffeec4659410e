import type { z } from 'zod'
import type { Logger } from '../../shared/log'
import type { Region } from '../../shared/regions'
import type { ConverseClient, ConverseReply } from './converse-client'
import { type ConverseRequest, findToolUse, type Message, type TokenUsage } from './converse-types'
import { BedrockError, ScoringUnavailableError } from './errors'
import { toToolInputSchema } from './tool-schema'

export type ScoringTool<T> = { name: string; description: string; schema: z.ZodType<T> }

export type ToolCallOptions<T> = {
  client: ConverseClient
  /** Nearest first (`c.get('regions')`). */
  regions: readonly Region[]
  system: string
  userText: string
  tool: ScoringTool<T>
  maxTokens: number
  deadlineAt: number
  log?: Logger
}

/** Who produced a result: Amazon Nova, or the local emulator's heuristic examiner. */
export type Examiner = 'amazon-nova-micro' | 'local-emulator'

export type ToolCallResult<T> = {
  input: T
  modelId: string
  region: Region
  examiner: Examiner
  /** Summed over every call of this scoring (the repair included). */
  usage: TokenUsage
  latencyMs: number
  calls: number
  repaired: boolean
}

// Nova calls tools most reliably with greedy decoding: temperature 0 and top-k 1.
// https://docs.aws.amazon.com/nova/latest/userguide/prompting-tool-troubleshooting.html
const GREEDY = { additionalModelRequestFields: { inferenceConfig: { topK: 1 } } }
const MAX_ISSUES = 20

/**
 * Asks the model for one forced tool call and validates its input with the tool's zod
 * schema (whose JSON schema is what the model was shown). Invalid input gets exactly one
 * repair round trip: the validation errors go back as a `toolResult` with `status: "error"`
 * (Nova supports it) and the tool is forced again; no tool call at all (or Bedrock's
 * `ModelErrorException` for an invalid tool sequence) is asked again once. Then it gives up
 * with `ScoringUnavailableError` (502 `ASSESSMENT_UNAVAILABLE`).
 *
 * @example
 * const { input, usage } = await callScoringTool({ client, regions, system, userText, tool, maxTokens: 3000, deadlineAt })
 */
export async function callScoringTool<T>(options: ToolCallOptions<T>): Promise<ToolCallResult<T>> {
  const first: Message = { role: 'user', content: [{ text: options.userText }] }
  const run: Run = {
    usage: { inputTokens: 0, outputTokens: 0 },
    latencyMs: 0,
    regions: options.regions,
  }
  let messages: Message[] = [first]
  for (let call = 1; call <= 2; call++) {
    const reply = await send(options, messages, run.regions)
    if (reply) record(run, reply, options.regions)
    const use = reply ? findToolUse(reply.response, options.tool.name) : null
    const parsed = use ? options.tool.schema.safeParse(use.input) : null
    if (reply && parsed?.success) return finish(options, reply, parsed.data, run, call)
    options.log?.warn('scoring tool output invalid', {
      call,
      toolCalled: use !== null,
      issues: parsed && !parsed.success ? parsed.error.issues.length : 0,
    })
    messages =
      reply && use && parsed && !parsed.success
        ? [
            first,
            reply.response.output.message as Message,
            repairMessage(use.toolUseId, parsed.error),
          ]
        : [first]
  }
  throw new ScoringUnavailableError('invalid_output')
}

/** What the calls of one scoring add up to; the repair goes to the region that answered. */
type Run = { usage: TokenUsage; latencyMs: number; regions: readonly Region[] }

function record(run: Run, reply: ConverseReply, order: readonly Region[]) {
  run.usage.inputTokens += reply.response.usage.inputTokens
  run.usage.outputTokens += reply.response.usage.outputTokens
  run.latencyMs += reply.latencyMs
  run.regions = [reply.region, ...order.filter((r) => r !== reply.region)]
}

function finish<T>(
  options: ToolCallOptions<T>,
  reply: ConverseReply,
  input: T,
  run: Run,
  calls: number,
): ToolCallResult<T> {
  const { usage, latencyMs } = run
  options.log?.info('scoring tool called', {
    modelId: reply.modelId,
    region: reply.region,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    latencyMs,
    calls,
  })
  const examiner = examinerOf(reply)
  return {
    input,
    modelId: reply.modelId,
    region: reply.region,
    examiner,
    usage,
    latencyMs,
    calls,
    repaired: calls > 1,
  }
}

/** One Converse call; `null` when Bedrock refused the model's own tool output (424). */
async function send<T>(
  options: ToolCallOptions<T>,
  messages: Message[],
  regions: readonly Region[],
): Promise<ConverseReply | null> {
  try {
    return await options.client.converse(buildRequest(options, messages), {
      regions,
      deadlineAt: options.deadlineAt,
      log: options.log,
    })
  } catch (error) {
    if (error instanceof BedrockError) {
      if (error.type === 'ModelErrorException') return null
      options.log?.error('bedrock refused request', { status: error.status, type: error.type })
      throw new ScoringUnavailableError('request_rejected', { cause: error })
    }
    throw error
  }
}

function buildRequest<T>(options: ToolCallOptions<T>, messages: Message[]): ConverseRequest {
  const { name, description, schema } = options.tool
  return {
    system: [{ text: options.system }],
    messages,
    inferenceConfig: { maxTokens: options.maxTokens, temperature: 0 },
    toolConfig: {
      tools: [
        { toolSpec: { name, description, inputSchema: { json: toToolInputSchema(schema) } } },
      ],
      toolChoice: { tool: { name } },
    },
    ...GREEDY,
  }
}

function repairMessage(toolUseId: string, error: z.ZodError): Message {
  const issues = error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `- ${issue.path.join('.') || '(input)'}: ${issue.message}`)
    .join('\n')
  const text = `The input did not match the tool's schema:\n${issues}\nCall the tool again with the whole input corrected.`
  return {
    role: 'user',
    content: [{ toolResult: { toolUseId, content: [{ text }], status: 'error' } }],
  }
}

function examinerOf(reply: ConverseReply): Examiner {
  return reply.response.additionalModelResponseFields?.examiner === 'local-emulator'
    ? 'local-emulator'
    : 'amazon-nova-micro'
}
