import { z } from 'zod'
import { base64ToBytes, bytesToBase64 } from '../lib/bytes'
import { decodeFrame, encodeFrame, type MessageHeaders, stringHeader } from './event-stream'

/**
 * The InvokeModelWithBidirectionalStream payload parts: each Nova Sonic event (a JSON
 * document) travels as the `bytes` member of a `chunk` event, serialised the restJson1 way:
 * headers `:event-type: chunk`, `:message-type: event`, `:content-type: application/json`
 * and the body `{"bytes":"<base64 of the event JSON>"}`. Server errors arrive as
 * `:message-type: exception` (modelled: `:exception-type` names it) or `error`.
 *
 * Verified against the AWS SDK for JavaScript v3: the Smithy model of bedrock-runtime
 * (`InvokeModelWithBidirectionalStreamInput` union, member `chunk`, `BidirectionalInputPayloadPart
 * { bytes: Blob }`) and `@smithy/core` `EventStreamSerde.serializeEventStream`.
 */

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

const CHUNK_HEADERS: MessageHeaders = {
  ':event-type': { type: 'string', value: 'chunk' },
  ':message-type': { type: 'string', value: 'event' },
  ':content-type': { type: 'string', value: 'application/json' },
}

const chunkBody = z.object({ bytes: z.string() })
const exceptionBody = z.object({ message: z.string().optional() })

/** What one server frame carried. */
export type ServerMessage =
  | { kind: 'event'; json: unknown }
  | { kind: 'exception'; type: string; message: string }
  | { kind: 'unknown'; messageType: string; eventType: string }

/**
 * The inner frame for one Nova Sonic event (the payload a signed frame then wraps).
 *
 * @example
 * encodeEventChunk({ event: { sessionEnd: {} } })
 */
export function encodeEventChunk(event: unknown): Uint8Array {
  const bytes = bytesToBase64(utf8.encode(JSON.stringify(event)))
  return encodeFrame({ headers: CHUNK_HEADERS, body: utf8.encode(JSON.stringify({ bytes })) })
}

/**
 * Decodes one frame from the server (CRCs checked) into the event JSON or the exception.
 *
 * @throws FrameError for a malformed frame; SyntaxError/TypeError for a malformed body
 * @example
 * const message = decodeServerMessage(new Uint8Array(await blob.arrayBuffer()))
 * if (message.kind === 'event') handle(message.json)
 */
export function decodeServerMessage(frame: Uint8Array): ServerMessage {
  const { headers, body } = decodeFrame(frame)
  const messageType = stringHeader(headers, ':message-type') ?? ''
  if (messageType === 'exception') {
    const { message } = exceptionBody.parse(parseJson(body))
    const type = stringHeader(headers, ':exception-type') ?? 'unknownException'
    return { kind: 'exception', type, message: message ?? '' }
  }
  if (messageType === 'error') {
    const code = stringHeader(headers, ':error-code') ?? 'UnknownError'
    return { kind: 'exception', type: code, message: stringHeader(headers, ':error-message') ?? '' }
  }
  const eventType = stringHeader(headers, ':event-type') ?? ''
  if (messageType !== 'event' || eventType !== 'chunk') {
    return { kind: 'unknown', messageType, eventType }
  }
  const { bytes } = chunkBody.parse(parseJson(body))
  return { kind: 'event', json: parseJson(base64ToBytes(bytes)) }
}

function parseJson(bytes: Uint8Array): unknown {
  return JSON.parse(utf8Decoder.decode(bytes))
}
