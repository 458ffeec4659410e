import { z } from 'zod'

/** Converse's request body, as strict as Bedrock's own validation for what we send. */
const id = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/)
const text = z.object({ text: z.string().min(1) }).strict()
const toolUse = z
  .object({ toolUse: z.object({ toolUseId: id, name: id, input: z.unknown() }).strict() })
  .strict()
const toolResult = z
  .object({
    toolResult: z
      .object({
        toolUseId: id,
        content: z.array(z.union([text, z.object({ json: z.unknown() }).strict()])).min(1),
        status: z.enum(['success', 'error']).optional(),
      })
      .strict(),
  })
  .strict()
const message = z
  .object({
    role: z.enum(['user', 'assistant']),
    content: z.array(z.union([text, toolUse, toolResult])).min(1),
  })
  .strict()
const toolChoice = z.union([
  z.object({ auto: z.object({}).strict() }).strict(),
  z.object({ any: z.object({}).strict() }).strict(),
  z.object({ tool: z.object({ name: id }).strict() }).strict(),
])

export const converseRequestSchema = z
  .object({
    messages: z.array(message).min(1),
    system: z.array(text).optional(),
    inferenceConfig: z
      .object({
        maxTokens: z.number().int().min(1).max(10_000).optional(),
        temperature: z.number().min(0).max(1).optional(),
        topP: z.number().min(0).max(1).optional(),
        stopSequences: z.array(z.string().min(1)).max(4).optional(),
      })
      .strict()
      .optional(),
    toolConfig: z
      .object({
        tools: z
          .array(
            z
              .object({
                toolSpec: z
                  .object({
                    name: id,
                    description: z.string().min(1).optional(),
                    inputSchema: z.object({ json: z.record(z.string(), z.unknown()) }).strict(),
                  })
                  .strict(),
              })
              .strict(),
          )
          .min(1),
        toolChoice: toolChoice.optional(),
      })
      .strict()
      .optional(),
    additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
    additionalModelResponseFieldPaths: z.array(z.string()).optional(),
    requestMetadata: z.record(z.string(), z.string()).optional(),
    performanceConfig: z.object({ latency: z.enum(['standard', 'optimized']) }).optional(),
    guardrailConfig: z.unknown().optional(),
    promptVariables: z.unknown().optional(),
  })
  .strict()

export type ConverseBody = z.infer<typeof converseRequestSchema>

// Nova reads only these at the top of a tool's schema; with anything else it silently
// ignores the tool (Nova's tool troubleshooting guide). The emulator refuses such a schema
// outright: stricter than Bedrock, so the mistake shows up in tests instead of production.
const NOVA_TOP_LEVEL = new Set(['type', 'properties', 'required'])

/**
 * Checks what a zod schema cannot: role alternation, tool references, and Nova's tool
 * schema rules. Returns Bedrock's `ValidationException` message, or null when valid.
 */
export function conversationProblem(body: ConverseBody): string | null {
  const roles = body.messages.map((m) => m.role)
  if (
    roles[0] !== 'user' ||
    roles.some((r, i) => i > 0 && r === roles[i - 1]) ||
    roles.at(-1) !== 'user'
  ) {
    return 'A conversation must alternate between user and assistant roles. Make sure the conversation starts with a user message. Try again.'
  }
  const tools = body.toolConfig?.tools.map((t) => t.toolSpec) ?? []
  const usesTools = body.messages.some((m) =>
    m.content.some((b) => 'toolUse' in b || 'toolResult' in b),
  )
  if (usesTools && tools.length === 0) {
    return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.'
  }
  const forced = body.toolConfig?.toolChoice
  if (forced && 'tool' in forced && !tools.some((t) => t.name === forced.tool.name)) {
    return `The tool ${forced.tool.name} named in toolChoice is not defined in toolConfig.tools.`
  }
  for (const tool of tools) {
    const schema = tool.inputSchema.json
    const extra = Object.keys(schema).filter((k) => !NOVA_TOP_LEVEL.has(k))
    if (schema.type !== 'object' || extra.length > 0) {
      return `The input schema of tool ${tool.name} must be an object with only type, properties and required at its top level (found ${extra.join(', ') || `type ${String(schema.type)}`}).`
    }
  }
  for (const [i, m] of body.messages.entries()) {
    const previous = body.messages[i - 1]
    for (const block of m.content) {
      if (!('toolResult' in block)) continue
      const asked = previous?.content.some(
        (b) => 'toolUse' in b && b.toolUse.toolUseId === block.toolResult.toolUseId,
      )
      if (!asked)
        return 'The toolResult blocks must each answer a toolUse block of the previous assistant turn.'
    }
  }
  return null
}
