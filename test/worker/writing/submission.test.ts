import { describe, expect, it } from 'vitest'
import {
  answerProblem,
  normaliseAnswer,
  WritingSubmission,
} from '../../../worker/writing/submission'

describe('normaliseAnswer', () => {
  it('makes line breaks \\n, composes Unicode (NFC) and trims the ends only', () => {
    expect(normaliseAnswer('  Dear Sir,\r\nI am\rwriting  \n\n Cafe\u0301.  \t')).toBe(
      'Dear Sir,\nI am\nwriting  \n\n Caf\u00e9.',
    )
  })
})

describe('answerProblem', () => {
  it('accepts tabs, line feeds and paired surrogates', () => {
    expect(answerProblem('a\tb\nc 😀')).toBeNull()
  })

  it('refuses control characters and unpaired surrogates', () => {
    for (const text of ['a\u0000b', 'a\u0007', 'a\u007f', 'a\u000bb']) {
      expect(answerProblem(text)).toMatch(/control characters/)
    }
    for (const text of ['\ud800', 'a\ud83dz', '\ude00a']) {
      expect(answerProblem(text)).toMatch(/unpaired surrogate/)
    }
  })
})

describe('WritingSubmission', () => {
  it('gives the normalised text to the route', () => {
    const parsed = WritingSubmission.parse({
      module: 'general_writing',
      taskId: 'gw-t1-01',
      text: '\r\n Dear Ms Smith,\r\n',
    })
    expect(parsed).toEqual({
      module: 'general_writing',
      taskId: 'gw-t1-01',
      text: 'Dear Ms Smith,',
    })
  })

  it('counts the 12,000-character limit after trimming', () => {
    const body = { module: 'academic_writing', taskId: 'aw-t2-01' }
    expect(WritingSubmission.safeParse({ ...body, text: ` ${'a'.repeat(12_000)} ` }).success).toBe(
      true,
    )
    const over = WritingSubmission.safeParse({ ...body, text: 'a'.repeat(12_001) })
    expect(over.error?.issues[0]).toMatchObject({ path: ['text'] })
  })

  it('refuses a task of the other module, naming both', () => {
    const result = WritingSubmission.safeParse({
      module: 'general_writing',
      taskId: 'aw-t1-01',
      text: 'An answer.',
    })
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['taskId'],
        message: 'task aw-t1-01 belongs to academic_writing, not general_writing',
      }),
    ])
  })
})
