import { describe, expect, it } from 'vitest'
import {
  Endpointer,
  PAUSE_MS,
  silence,
  tone,
} from '../../../local/emulators/nova-sonic/endpointing'

const join = (...parts: Uint8Array[]) => Buffer.concat(parts)

describe('emulated endpointing', () => {
  it('ends a turn after speech and a pause of the configured length, in audio time', () => {
    const turns = new Endpointer(PAUSE_MS.LOW)
    expect(turns.push(join(tone(800, 16_000), silence(1_990, 16_000)))).toEqual([])
    expect(turns.push(silence(20, 16_000))).toEqual([{ speechMs: 800 }])
  })

  it('keeps a turn going across a shorter pause and across odd chunk boundaries', () => {
    const turns = new Endpointer(500)
    const audio = join(
      tone(300, 16_000),
      silence(300, 16_000),
      tone(300, 16_000),
      silence(600, 16_000),
    )
    const ended = []
    for (let at = 0; at < audio.byteLength; at += 333)
      ended.push(...turns.push(audio.subarray(at, at + 333)))
    expect(ended).toEqual([{ speechMs: 900 }])
  })

  it('ignores silence alone and clicks shorter than 100 ms', () => {
    const turns = new Endpointer(300)
    expect(turns.push(silence(2_000, 16_000))).toEqual([])
    expect(turns.push(join(tone(50, 16_000), silence(400, 16_000)))).toEqual([])
  })
})
