import { describe, expect, it } from 'vitest'
import { OPENING_USER_TURN, shapeHistory } from '../../../worker/nova-sonic/history'

describe('shapeHistory', () => {
  it('merges consecutive same-role messages and opens with a user turn', () => {
    expect(
      shapeHistory([
        { role: 'ASSISTANT', text: 'Good morning.' },
        { role: 'ASSISTANT', text: 'What is your name?' },
        { role: 'USER', text: 'Ana.' },
        { role: 'USER', text: '  ' },
        { role: 'USER', text: 'Ana Costa.' },
      ]),
    ).toEqual([
      { role: 'USER', text: OPENING_USER_TURN },
      { role: 'ASSISTANT', text: 'Good morning. What is your name?' },
      { role: 'USER', text: 'Ana. Ana Costa.' },
    ])
  })

  it('drops the oldest messages beyond the total budget and keeps the end of a long one', () => {
    const shaped = shapeHistory(
      [
        { role: 'USER', text: 'a'.repeat(50) },
        { role: 'ASSISTANT', text: 'b'.repeat(50) },
        { role: 'USER', text: `${'c'.repeat(100)}END` },
      ],
      { maxMessageBytes: 60, maxTotalBytes: 120 },
    )
    expect(shaped[0]).toEqual({ role: 'USER', text: OPENING_USER_TURN })
    expect(shaped[1]).toEqual({ role: 'ASSISTANT', text: 'b'.repeat(50) })
    expect(shaped[2]?.text.endsWith('END')).toBe(true)
    expect(new TextEncoder().encode(shaped[2]?.text).byteLength).toBeLessThanOrEqual(60)
  })
})
