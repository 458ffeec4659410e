import { describe, expect, it } from 'vitest'
import { Transcript } from '../../../../worker/speaking/interview/transcript'

describe('Transcript', () => {
  it('keeps examiner and candidate turns with their part and start time, joining fragments', () => {
    const t = new Transcript()
    t.add('examiner', 'Good morning.', 1, 1000)
    t.add('examiner', ' Can you tell me your  name? ', 1, 1500)
    t.add('candidate', 'Ana Costa.', 1, 4000)
    t.add('candidate', 'Sorry, I mean Ana.', 2, 9000)
    t.add('examiner', '   ', 2, 9500)
    expect(t.toJSON()).toEqual({
      turns: [
        {
          speaker: 'examiner',
          text: 'Good morning. Can you tell me your name?',
          part: 1,
          at: 1000,
        },
        { speaker: 'candidate', text: 'Ana Costa.', part: 1, at: 4000 },
        { speaker: 'candidate', text: 'Sorry, I mean Ana.', part: 2, at: 9000 },
      ],
      truncated: false,
    })
  })

  it('stops at its limits and says so', () => {
    const t = new Transcript([], { maxTurns: 2, maxChars: 30 })
    expect(t.add('examiner', 'Question one?', 1, 0)).toBe(true)
    expect(t.add('candidate', 'Answer one.', 1, 1)).toBe(true)
    expect(t.add('examiner', 'Question two?', 1, 2)).toBe(false)
    expect(t.add('candidate', 'and more words here', 1, 3)).toBe(false)
    expect(t.turns).toHaveLength(2)
    expect(t.truncated).toBe(true)
  })

  it('restores from stored turns', () => {
    const t = new Transcript([{ speaker: 'candidate', text: 'Hello.', part: 3, at: 5 }])
    t.add('candidate', 'Again.', 3, 6)
    expect(t.turns).toEqual([{ speaker: 'candidate', text: 'Hello. Again.', part: 3, at: 5 }])
  })
})
