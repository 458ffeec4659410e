import { EventStreamCodec } from '@smithy/eventstream-codec'
import type { Message, MessageHeaders } from '@smithy/types'

/**
 * AWS event-stream framing (`application/vnd.amazon.eventstream`): a 12-byte prelude
 * (total length, headers length, CRC32 of those 8 bytes), typed headers, the payload and a
 * CRC32 of everything before it. The codec is the AWS SDK's own (`@smithy/eventstream-codec`,
 * ~3.6 KB gzipped, plain JS that runs in workerd); this file only names its failures.
 *
 * @see https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream
 */

export type { Message, MessageHeaders }

/** Why a frame was refused; stable so callers and tests can switch on them. */
export type FrameFailure =
  | 'TOO_SHORT'
  | 'LENGTH_MISMATCH'
  | 'PRELUDE_CRC_MISMATCH'
  | 'MESSAGE_CRC_MISMATCH'
  | 'MALFORMED_HEADERS'

/** A frame that is not a well-formed event-stream message. */
export class FrameError extends Error {
  readonly code: FrameFailure
  constructor(code: FrameFailure, options?: { cause?: unknown }) {
    super(`Malformed event-stream frame: ${code}`, options)
    this.name = 'FrameError'
    this.code = code
  }
}

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
const codec = new EventStreamCodec(
  (bytes) => utf8Decoder.decode(bytes),
  (text) => utf8Encoder.encode(text),
)

/** The smallest frame: prelude (12 bytes) and message CRC (4 bytes), no headers or payload. */
const MIN_FRAME_BYTES = 16

/**
 * Encodes one message with its prelude and both CRCs.
 *
 * @example
 * encodeFrame({ headers: { ':message-type': { type: 'string', value: 'event' } }, body })
 */
export function encodeFrame(message: Message): Uint8Array {
  return codec.encode(message)
}

/** The wire form of headers alone, as SigV4 event signing hashes them. */
export function encodeHeaders(headers: MessageHeaders): Uint8Array {
  return codec.formatHeaders(headers)
}

/**
 * Decodes exactly one frame, checking its length and both CRCs.
 *
 * @throws FrameError naming what was wrong
 * @example
 * const { headers, body } = decodeFrame(bytes)
 */
export function decodeFrame(frame: Uint8Array): Message {
  if (frame.byteLength < MIN_FRAME_BYTES) throw new FrameError('TOO_SHORT')
  try {
    return codec.decode(frame)
  } catch (error) {
    throw new FrameError(classify(error), { cause: error })
  }
}

// The codec throws plain Errors; their wording is pinned by the corrupted-frame vectors in
// test/fixtures/event-stream, so an upgrade that rewords them fails those tests.
function classify(error: unknown): FrameFailure {
  const text = error instanceof Error ? error.message : ''
  if (/prelude checksum/i.test(text)) return 'PRELUDE_CRC_MISMATCH'
  if (/message checksum/i.test(text)) return 'MESSAGE_CRC_MISMATCH'
  if (/length/i.test(text)) return 'LENGTH_MISMATCH'
  return 'MALFORMED_HEADERS'
}

/** aws-c-event-stream's limit on one message. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024

/**
 * Cuts a byte stream into whole frames by their prelude length, as the SDK's
 * `getChunkedStream` does: a transport message may carry part of a frame or several.
 *
 * @throws FrameError when a prelude announces an impossible length
 * @example
 * const frames = new FrameSplitter()
 * for (const frame of frames.push(bytes)) handle(decodeFrame(frame))
 */
export class FrameSplitter {
  #pending = new Uint8Array(0)

  push(chunk: Uint8Array): Uint8Array[] {
    let buffer = this.#pending.byteLength === 0 ? chunk : concat(this.#pending, chunk)
    const frames: Uint8Array[] = []
    while (buffer.byteLength >= 4) {
      const total = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0, false)
      if (total < MIN_FRAME_BYTES || total > MAX_FRAME_BYTES)
        throw new FrameError('LENGTH_MISMATCH')
      if (buffer.byteLength < total) break
      frames.push(buffer.subarray(0, total))
      buffer = buffer.subarray(total)
    }
    this.#pending = buffer.slice()
    return frames
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a)
  out.set(b, a.byteLength)
  return out
}

/** A header's value when it is a string, else undefined. */
export function stringHeader(headers: MessageHeaders, name: string): string | undefined {
  const header = headers[name]
  return header?.type === 'string' ? header.value : undefined
}
