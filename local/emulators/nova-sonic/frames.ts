import { createHmac, timingSafeEqual } from 'node:crypto'
import { EventStreamCodec } from '@smithy/eventstream-codec'
import type { Message, MessageHeaders } from '@smithy/types'
import { sha256Hex, signingKey } from './presigned-url'

/**
 * The emulator's side of the event stream, written independently of the worker's client:
 * it checks every client frame as Bedrock does (both CRCs, the `:date` and
 * `:chunk-signature` headers, the signature chained from the presigned URL's, the clock)
 * and unwraps the `chunk` event inside; it frames its own events the same way, unsigned.
 */

const codec = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text),
)

export type FrameCheck =
  | { ok: true; event: unknown }
  | { ok: true; end: true }
  | { ok: false; reason: string }

export type ChainState = { priorSignature: string; secret: string }

export type FrameVerifyOptions = { region: string; service: string; now: Date; maxSkewMs?: number }

/**
 * Verifies one signed frame and advances the chain; returns the event JSON it carries, or
 * `end` for the empty end-of-stream frame.
 *
 * @example
 * const chain = { priorSignature: presign.signature, secret: presign.secret }
 * const check = verifySignedFrame(bytes, chain, { region: 'us-east-1', service: 'bedrock', now })
 */
export function verifySignedFrame(
  frame: Uint8Array,
  chain: ChainState,
  options: FrameVerifyOptions,
): FrameCheck {
  let outer: Message
  try {
    outer = codec.decode(frame)
  } catch (error) {
    return { ok: false, reason: `frame: ${(error as Error).message}` }
  }
  const date = outer.headers[':date']
  const signature = outer.headers[':chunk-signature']
  if (date?.type !== 'timestamp' || signature?.type !== 'binary') {
    return { ok: false, reason: 'frame: missing :date or :chunk-signature' }
  }
  const skew = Math.abs(options.now.getTime() - date.value.getTime())
  if (skew > (options.maxSkewMs ?? 5 * 60 * 1000))
    return { ok: false, reason: 'frame: stale :date' }
  const expected = expectedSignature(chain, date.value, outer.body, options)
  const given = Buffer.from(signature.value)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'frame: signature mismatch' }
  }
  chain.priorSignature = expected.toString('hex')
  if (outer.body.byteLength === 0) return { ok: true, end: true }
  return unwrapChunk(outer.body)
}

function expectedSignature(
  chain: ChainState,
  date: Date,
  payload: Uint8Array,
  options: FrameVerifyOptions,
): Buffer {
  const amzDate = date.toISOString().replace(/[-:]|\.\d{3}/g, '')
  const scope = [amzDate.slice(0, 8), options.region, options.service, 'aws4_request'].join('/')
  const dateHeader = codec.formatHeaders({ ':date': { type: 'timestamp', value: date } })
  const stringToSign = [
    'AWS4-HMAC-SHA256-PAYLOAD',
    amzDate,
    scope,
    chain.priorSignature,
    sha256Hex(dateHeader),
    sha256Hex(payload),
  ].join('\n')
  return createHmac('sha256', signingKey(chain.secret, scope)).update(stringToSign).digest()
}

function unwrapChunk(payload: Uint8Array): FrameCheck {
  let inner: Message
  try {
    inner = codec.decode(payload)
  } catch (error) {
    return { ok: false, reason: `event: ${(error as Error).message}` }
  }
  const header = (name: string) => {
    const value = inner.headers[name]
    return value?.type === 'string' ? value.value : undefined
  }
  if (header(':event-type') !== 'chunk' || header(':message-type') !== 'event') {
    return { ok: false, reason: 'event: expected a chunk event' }
  }
  if (header(':content-type') !== 'application/json') {
    return { ok: false, reason: 'event: expected application/json' }
  }
  try {
    const { bytes } = JSON.parse(Buffer.from(inner.body).toString('utf8')) as { bytes?: unknown }
    if (typeof bytes !== 'string') return { ok: false, reason: 'event: body has no bytes' }
    return { ok: true, event: JSON.parse(Buffer.from(bytes, 'base64').toString('utf8')) }
  } catch {
    return { ok: false, reason: 'event: body is not JSON' }
  }
}

/** A server event frame: the event JSON as the `bytes` of a `chunk` event. */
export function eventFrame(event: unknown): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(event)).toString('base64')
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: 'chunk' },
      ':message-type': { type: 'string', value: 'event' },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: Buffer.from(JSON.stringify({ bytes })),
  })
}

/** A modelled exception frame, e.g. `validationException`. */
export function exceptionFrame(type: string, message: string): Uint8Array {
  const headers: MessageHeaders = {
    ':message-type': { type: 'string', value: 'exception' },
    ':exception-type': { type: 'string', value: type },
    ':content-type': { type: 'string', value: 'application/json' },
  }
  return codec.encode({ headers, body: Buffer.from(JSON.stringify({ message })) })
}
