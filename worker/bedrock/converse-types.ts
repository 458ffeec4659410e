import { z } from 'zod'

/**
 * The parts of Bedrock's Converse API we use.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */

export type JsonObject = { [key: string]: unknown }

export type ToolUseBlock = { toolUse: { toolUseId: string; name: string; input: unknown } }
export type ToolResultBlock = {
  toolResult: {
    toolUseId: string
    content: { text: string }[]
    status?: 'success' | 'error'
  }
}
export type ContentBlock = { text: string } | ToolUseBlock | ToolResultBlock | JsonObject

export type Message = { role: 'user' | 'assistant'; content: ContentBlock[] }

export type ToolSpec = {
  name: string
  description: string
  inputSchema: { json: JsonObject }
}

export type ConverseRequest = {
  system?: { text: string }[]
  messages: Message[]
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number }
  toolConfig?: { tools: { toolSpec: ToolSpec }[]; toolChoice?: { tool: { name: string } } }
  additionalModelRequestFields?: JsonObject
}

const usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative().optional(),
})

/** A Converse answer; unknown fields are kept out, unknown content blocks kept as they are. */
export const converseResponseSchema = z.object({
  output: z.object({
    message: z.object({
      role: z.literal('assistant'),
      content: z.array(z.record(z.string(), z.unknown())),
    }),
  }),
  stopReason: z.string(),
  usage,
  metrics: z.object({ latencyMs: z.number().nonnegative() }).optional(),
  additionalModelResponseFields: z.record(z.string(), z.unknown()).optional(),
})

export type ConverseResponse = z.infer<typeof converseResponseSchema>
export type TokenUsage = { inputTokens: number; outputTokens: number }

/** The first `toolUse` block naming `tool`, if the model called it. */
export function findToolUse(
  response: ConverseResponse,
  tool: string,
): ToolUseBlock['toolUse'] | null {
  for (const block of response.output.message.content) {
    const use = (block as Partial<ToolUseBlock>).toolUse
    if (use && use.name === tool && typeof use.toolUseId === 'string') return use
  }
  return null
}
