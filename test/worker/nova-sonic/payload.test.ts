import { describe, expect, it } from 'vitest'
import { base64ToBytes, bytesToBase64 } from '../../../worker/lib/bytes'
import {
  decodeFrame,
  encodeFrame,
  FrameError,
  stringHeader,
} from '../../../worker/nova-sonic/event-stream'
import { decodeServerMessage, encodeEventChunk } from '../../../worker/nova-sonic/payload'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('event chunks', () => {
  it('wraps an event as a restJson1 chunk event: headers and {"bytes": base64(JSON)}', () => {
    const { headers, body } = decodeFrame(encodeEventChunk({ event: { sessionEnd: {} } }))
    expect(stringHeader(headers, ':event-type')).toBe('chunk')
    expect(stringHeader(headers, ':message-type')).toBe('event')
    expect(stringHeader(headers, ':content-type')).toBe('application/json')
    const { bytes } = JSON.parse(new TextDecoder().decode(body)) as { bytes: string }
    expect(new TextDecoder().decode(base64ToBytes(bytes))).toBe('{"event":{"sessionEnd":{}}}')
  })

  it('reads a server chunk back into its event JSON', () => {
    const message = decodeServerMessage(
      encodeEventChunk({ event: { completionStart: { promptName: 'p' } } }),
    )
    expect(message).toEqual({
      kind: 'event',
      json: { event: { completionStart: { promptName: 'p' } } },
    })
  })

  it('reads modelled exceptions and errors', () => {
    const exception = encodeFrame({
      headers: {
        ':message-type': { type: 'string', value: 'exception' },
        ':exception-type': { type: 'string', value: 'validationException' },
      },
      body: utf8('{"message":"bad order"}'),
    })
    expect(decodeServerMessage(exception)).toEqual({
      kind: 'exception',
      type: 'validationException',
      message: 'bad order',
    })
    const error = encodeFrame({
      headers: {
        ':message-type': { type: 'string', value: 'error' },
        ':error-code': { type: 'string', value: 'InternalError' },
        ':error-message': { type: 'string', value: 'oops' },
      },
      body: new Uint8Array(0),
    })
    expect(decodeServerMessage(error)).toEqual({
      kind: 'exception',
      type: 'InternalError',
      message: 'oops',
    })
  })

  it('passes over events it does not model', () => {
    const other = encodeFrame({
      headers: {
        ':message-type': { type: 'string', value: 'event' },
        ':event-type': { type: 'string', value: 'initial-response' },
      },
      body: utf8('{}'),
    })
    expect(decodeServerMessage(other)).toEqual({
      kind: 'unknown',
      messageType: 'event',
      eventType: 'initial-response',
    })
  })

  it('refuses a corrupted frame and a chunk whose bytes are not JSON', () => {
    const bytes = encodeEventChunk({ event: {} })
    bytes[bytes.byteLength - 6]! ^= 1
    expect(() => decodeServerMessage(bytes)).toThrow(FrameError)
    const notJson = encodeFrame({
      headers: {
        ':message-type': { type: 'string', value: 'event' },
        ':event-type': { type: 'string', value: 'chunk' },
      },
      body: utf8(JSON.stringify({ bytes: bytesToBase64(utf8('not json')) })),
    })
    expect(() => decodeServerMessage(notJson)).toThrow(SyntaxError)
  })
})

describe('base64', () => {
  it('round-trips every byte value and large buffers', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all)
    const big = new Uint8Array(100_000).map((_, i) => (i * 31) % 256)
    const back = base64ToBytes(bytesToBase64(big))
    expect(back.byteLength).toBe(big.byteLength)
    expect(back.every((b, i) => b === big[i])).toBe(true)
    expect(bytesToBase64(Uint8Array.from([1, 2, 3]))).toBe('AQID')
  })

  it('refuses text that is not base64', () => {
    expect(() => base64ToBytes('***')).toThrow(TypeError)
  })
})
