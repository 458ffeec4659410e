import { z } from 'zod'

/**
 * The speaking WebSocket between the app and the worker.
 *
 * Client → server: binary frames of 16 kHz 16-bit mono LPCM (little-endian), and JSON text
 * frames `ready` (start the test), `end_turn` (the candidate has finished: ends Part 2
 * preparation or the long turn early) and `finish` (end the test now).
 *
 * Server → client: binary frames of 24 kHz 16-bit mono LPCM (the examiner's voice) and
 * JSON text frames described by `serverMessage`.
 */

/** Largest audio frame accepted: 1 second of 16 kHz 16-bit mono. */
export const MAX_AUDIO_FRAME_BYTES = 32_000
/** Largest JSON control message accepted. */
export const MAX_CONTROL_MESSAGE_CHARS = 1_024

export const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('end_turn') }),
  z.strictObject({ type: z.literal('finish') }),
])
export type ClientMessage = z.infer<typeof clientMessage>

export type ClientFrame =
  | { kind: 'audio'; pcm: Uint8Array }
  | { kind: 'control'; message: ClientMessage }
  | { kind: 'invalid'; message: string }

/**
 * Classifies one frame from the app. Audio must be whole 16-bit samples and at most one
 * second long; control messages must be one of the three JSON messages.
 *
 * @example
 * const frame = readClientFrame(event.data)
 * if (frame.kind === 'invalid') send({ type: 'error', code: 'VALIDATION_FAILED', message: frame.message })
 */
export function readClientFrame(data: string | ArrayBuffer | Uint8Array): ClientFrame {
  if (typeof data !== 'string') {
    const pcm = data instanceof Uint8Array ? data : new Uint8Array(data)
    if (pcm.byteLength === 0 || pcm.byteLength % 2 !== 0) {
      return { kind: 'invalid', message: 'Audio frames must hold whole 16-bit samples.' }
    }
    if (pcm.byteLength > MAX_AUDIO_FRAME_BYTES) {
      return {
        kind: 'invalid',
        message: `Audio frames may hold at most ${MAX_AUDIO_FRAME_BYTES} bytes (1 s).`,
      }
    }
    return { kind: 'audio', pcm }
  }
  if (data.length > MAX_CONTROL_MESSAGE_CHARS)
    return { kind: 'invalid', message: 'Control message too long.' }
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return { kind: 'invalid', message: 'Control messages must be JSON.' }
  }
  const parsed = clientMessage.safeParse(json)
  return parsed.success
    ? { kind: 'control', message: parsed.data }
    : {
        kind: 'invalid',
        message: 'Expected {"type":"ready"}, {"type":"end_turn"} or {"type":"finish"}.',
      }
}

const part = z.union([z.literal(1), z.literal(2), z.literal(3)])

export const serverMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('part_started'),
    part,
    limits: z.record(z.string(), z.number()),
    card: z
      .object({ task: z.string(), points: z.array(z.string()), explain: z.string() })
      .optional(),
    at: z.iso.datetime(),
  }),
  z.object({ type: z.literal('examiner_text'), text: z.string(), final: z.boolean() }),
  z.object({ type: z.literal('user_transcript'), text: z.string() }),
  z.object({
    type: z.literal('notice'),
    code: z.enum(['SPEAK_NOW', 'TIME_UP', 'RECONNECTING', 'LATENCY']),
    message: z.string(),
  }),
  z.object({
    type: z.literal('error'),
    code: z.enum(['VALIDATION_FAILED', 'EXAMINER_UNAVAILABLE', 'INTERNAL']),
    message: z.string(),
  }),
  z.object({
    type: z.literal('finished'),
    reason: z.enum(['completed', 'candidate_finished', 'abandoned', 'failed']),
  }),
])
export type ServerMessage = z.infer<typeof serverMessage>
