import { z } from 'zod'

/**
 * The events Nova Sonic sends, as zod schemas of the fields we read (others pass through).
 * Shapes from the Nova 2 Sonic user guide ("Handling output events with the bidirectional
 * API") and the field names AWS's own samples read (amazon-nova-samples: `textOutput.role`,
 * `contentStart.additionalModelFields` as a JSON string, `toolUse.content` as a JSON
 * string, `contentEnd.type`/`stopReason`).
 */

const id = z.string().min(1)
const contentType = z.enum(['TEXT', 'AUDIO', 'TOOL'])
const role = z.enum(['USER', 'ASSISTANT', 'TOOL', 'SYSTEM'])

const schemas = {
  completionStart: z.looseObject({
    promptName: z.string().optional(),
    completionId: z.string().optional(),
  }),
  contentStart: z.looseObject({
    contentId: id,
    type: contentType,
    role,
    additionalModelFields: z.string().optional(),
  }),
  textOutput: z.looseObject({ contentId: id, content: z.string(), role: role.optional() }),
  audioOutput: z.looseObject({ contentId: id, content: z.string() }),
  toolUse: z.looseObject({
    contentId: id,
    toolName: z.string(),
    toolUseId: id,
    content: z.string(),
  }),
  contentEnd: z.looseObject({
    contentId: id,
    type: contentType.optional(),
    stopReason: z.string().optional(),
  }),
  usageEvent: z.looseObject({
    totalInputTokens: z.number().optional(),
    totalOutputTokens: z.number().optional(),
    totalTokens: z.number().optional(),
  }),
  completionEnd: z.looseObject({ stopReason: z.string().optional() }),
}

type Schemas = typeof schemas
export type OutputEventName = keyof Schemas

/** A parsed server event: its name and its payload. */
export type OutputEvent =
  | { [K in OutputEventName]: { name: K; payload: z.infer<Schemas[K]> } }[OutputEventName]
  | { name: 'unknown'; payload: { names: string[] } }

export type GenerationStage = 'SPECULATIVE' | 'FINAL'

const envelope = z.object({ event: z.record(z.string(), z.unknown()) })

/**
 * Parses `{ event: { <name>: {…} } }`. Unknown event names are returned as `unknown` (new
 * service features must not break a live interview); a known name with a wrong shape throws.
 *
 * @throws ZodError when the envelope or a known event does not match its schema
 * @example
 * const parsed = parseOutputEvent(json)
 * if (parsed.name === 'textOutput') transcript.push(parsed.payload.content)
 */
export function parseOutputEvent(json: unknown): OutputEvent {
  const names = Object.keys(envelope.parse(json).event)
  const eventName = names.find((n): n is OutputEventName => n in schemas)
  if (!eventName || names.length !== 1) return { name: 'unknown', payload: { names } }
  const body = (json as { event: Record<string, unknown> }).event[eventName]
  return { name: eventName, payload: schemas[eventName].parse(body) } as OutputEvent
}

/**
 * The generation stage of a content block: `additionalModelFields` is a JSON string such as
 * `{"generationStage":"FINAL"}`. Blocks without it (audio, tool use) have none.
 *
 * @example
 * generationStage('{"generationStage":"SPECULATIVE"}') // 'SPECULATIVE'
 */
export function generationStage(additionalModelFields: string | undefined): GenerationStage | null {
  if (!additionalModelFields) return null
  try {
    const stage = (JSON.parse(additionalModelFields) as { generationStage?: unknown })
      .generationStage
    return stage === 'FINAL' || stage === 'SPECULATIVE' ? stage : null
  } catch {
    return null
  }
}

/** The text Nova Sonic sends in place of a transcript when the user barged in. */
export function isInterruptionMarker(text: string): boolean {
  return /^\s*\{\s*"interrupted"\s*:\s*true\s*\}\s*$/.test(text)
}
