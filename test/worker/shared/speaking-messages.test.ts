import { describe, expect, it } from 'vitest'
import {
  MAX_AUDIO_FRAME_BYTES,
  readClientFrame,
  serverMessage,
} from '../../../shared/speaking-messages'

describe('client frames', () => {
  it('accepts 16-bit LPCM audio up to one second, as bytes', () => {
    const frame = readClientFrame(new Uint8Array(640).buffer)
    expect(frame.kind).toBe('audio')
    expect(readClientFrame(new Uint8Array(MAX_AUDIO_FRAME_BYTES)).kind).toBe('audio')
  })

  it('refuses odd-length, empty and oversized audio with a reason', () => {
    expect(readClientFrame(new Uint8Array(3))).toEqual({
      kind: 'invalid',
      message: 'Audio frames must hold whole 16-bit samples.',
    })
    expect(readClientFrame(new Uint8Array(0)).kind).toBe('invalid')
    expect(readClientFrame(new Uint8Array(MAX_AUDIO_FRAME_BYTES + 2)).kind).toBe('invalid')
  })

  it('accepts the three control messages and nothing else', () => {
    for (const type of ['ready', 'end_turn', 'finish']) {
      expect(readClientFrame(JSON.stringify({ type }))).toEqual({
        kind: 'control',
        message: { type },
      })
    }
    for (const bad of [
      '{"type":"start"}',
      '{"type":"ready","extra":1}',
      'not json',
      '[]',
      'x'.repeat(2000),
    ]) {
      expect(readClientFrame(bad).kind, bad).toBe('invalid')
    }
  })
})

describe('server messages', () => {
  it('describe every JSON event the app receives', () => {
    const valid = [
      {
        type: 'part_started',
        part: 1,
        limits: { minSeconds: 240, maxSeconds: 300 },
        at: '2026-01-01T00:00:00.000Z',
      },
      { type: 'examiner_text', text: 'Hello.', final: true },
      { type: 'user_transcript', text: 'Hi.' },
      { type: 'notice', code: 'RECONNECTING', message: 'One moment.' },
      { type: 'error', code: 'EXAMINER_UNAVAILABLE', message: 'Try again later.' },
      { type: 'finished', reason: 'completed' },
    ]
    for (const message of valid) expect(() => serverMessage.parse(message)).not.toThrow()
    expect(
      serverMessage.safeParse({ type: 'part_started', part: 4, limits: {}, at: 'now' }).success,
    ).toBe(false)
  })
})
