import type { MessageHeaders } from '@smithy/types'
import { describe, expect, it } from 'vitest'
import {
  decodeFrame,
  encodeFrame,
  FrameError,
  FrameSplitter,
  stringHeader,
} from '../../../worker/nova-sonic/event-stream'
import fixture from '../../fixtures/event-stream/aws-c-event-stream-vectors.json'

type Vector = { expectation: string; encoded: string; failure?: string }
const vectors = fixture.vectors as Record<string, Vector>

const fromHex = (hex: string) =>
  Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16))
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

function failureOf(bytes: Uint8Array): string | null {
  try {
    decodeFrame(bytes)
    return null
  } catch (error) {
    return error instanceof FrameError ? error.code : 'OTHER'
  }
}

describe('event-stream codec (AWS test vectors)', () => {
  const successes = Object.entries(vectors).filter(([, v]) => v.expectation === 'success')
  const failures = Object.entries(vectors).filter(([, v]) => v.expectation === 'failure')

  it.each(successes)('decodes and re-encodes %s byte for byte', (_name, vector) => {
    const bytes = fromHex(vector.encoded)
    expect(toHex(encodeFrame(decodeFrame(bytes)))).toBe(vector.encoded)
  })

  it('decodes every header type of all_headers as published', () => {
    const { headers, body } = decodeFrame(fromHex(vectors.all_headers!.encoded))
    expect(headers['event-type']).toEqual({ type: 'integer', value: 40972 })
    expect(headers['content-type']).toEqual({ type: 'string', value: 'application/json' })
    expect(headers['bool false']).toEqual({ type: 'boolean', value: false })
    expect(headers.byte).toEqual({ type: 'byte', value: -49 })
    expect(headers.timestamp).toEqual({ type: 'timestamp', value: new Date(8675309) })
    expect(headers.uuid).toEqual({ type: 'uuid', value: '01020304-0506-0708-090a-0b0c0d0e0f10' })
    expect(new TextDecoder().decode(body)).toBe("{'foo':'bar'}")
  })

  it.each(failures)('refuses %s with the failure the vector names', (_name, vector) => {
    expect(failureOf(fromHex(vector.encoded))).toBe(vector.failure)
  })
})

describe('event-stream codec (round trip and CRCs)', () => {
  const headers: MessageHeaders = {
    ':event-type': { type: 'string', value: 'chunk' },
    ':date': { type: 'timestamp', value: new Date('2026-01-02T03:04:05.678Z') },
    ':chunk-signature': { type: 'binary', value: new Uint8Array(32).fill(7) },
  }
  const frame = () => encodeFrame({ headers, body: new TextEncoder().encode('{"bytes":"e30="}') })

  it('round-trips headers of every type we use and the body', () => {
    const decoded = decodeFrame(frame())
    expect(decoded.headers).toEqual(headers)
    expect(new TextDecoder().decode(decoded.body)).toBe('{"bytes":"e30="}')
    expect(stringHeader(decoded.headers, ':event-type')).toBe('chunk')
    expect(stringHeader(decoded.headers, ':date')).toBeUndefined()
  })

  it('detects a flipped bit in the prelude CRC', () => {
    const bytes = frame()
    bytes[9]! ^= 0x01
    expect(failureOf(bytes)).toBe('PRELUDE_CRC_MISMATCH')
  })

  it('detects a flipped bit in the headers length (prelude covered by its CRC)', () => {
    const bytes = frame()
    bytes[7]! ^= 0x01
    expect(failureOf(bytes)).toBe('PRELUDE_CRC_MISMATCH')
  })

  it('detects a flipped bit in a header value, the payload or the message CRC', () => {
    for (const at of [20, frame().byteLength - 8, frame().byteLength - 1]) {
      const bytes = frame()
      bytes[at]! ^= 0x10
      expect(failureOf(bytes), `byte ${at}`).toBe('MESSAGE_CRC_MISMATCH')
    }
  })

  it('refuses a truncated frame and one with trailing bytes', () => {
    expect(failureOf(frame().slice(0, 10))).toBe('TOO_SHORT')
    expect(failureOf(frame().slice(0, -1))).toBe('LENGTH_MISMATCH')
    const longer = new Uint8Array(frame().byteLength + 1)
    longer.set(frame())
    expect(failureOf(longer)).toBe('LENGTH_MISMATCH')
  })
})

describe('FrameSplitter', () => {
  const frame = (text: string) => encodeFrame({ headers: {}, body: new TextEncoder().encode(text) })
  const texts = (frames: Uint8Array[]) =>
    frames.map((f) => new TextDecoder().decode(decodeFrame(f).body))

  it('cuts several frames out of one message and one frame out of several', () => {
    const splitter = new FrameSplitter()
    const a = frame('first')
    const b = frame('second')
    const both = new Uint8Array(a.byteLength + b.byteLength)
    both.set(a)
    both.set(b, a.byteLength)
    expect(texts(splitter.push(both))).toEqual(['first', 'second'])
    const c = frame('third, in pieces')
    expect(splitter.push(c.subarray(0, 3))).toEqual([])
    expect(splitter.push(c.subarray(3, 20))).toEqual([])
    expect(texts(splitter.push(c.subarray(20)))).toEqual(['third, in pieces'])
  })

  it('refuses a prelude announcing an impossible length', () => {
    expect(() => new FrameSplitter().push(Uint8Array.from([0, 0, 0, 5, 0, 0, 0, 0]))).toThrow(
      FrameError,
    )
  })
})
