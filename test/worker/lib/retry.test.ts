import { describe, expect, it } from 'vitest'
import { RETRY, withRetries } from '../../../worker/lib/retry'

const recorder = () => {
  const sleeps: number[] = []
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) }
}

describe('withRetries', () => {
  it('backs off with full jitter, doubling up to the cap, until an attempt answers', async () => {
    const { sleeps, sleep } = recorder()
    let calls = 0
    const answer = await withRetries(
      async (n) => (++calls < 5 ? RETRY : `done on ${n}`),
      { attempts: 8, baseMs: 10, maxDoublings: 2, random: () => 0.5, sleep },
      () => new Error('exhausted'),
    )
    expect(answer).toBe('done on 5')
    expect(sleeps).toEqual([10, 20, 20, 20])
  })

  it('throws what exhausted() makes after the last attempt, without a final sleep', async () => {
    const { sleeps, sleep } = recorder()
    const error = await withRetries(
      async () => RETRY,
      { attempts: 3, baseMs: 10, random: () => 0.99, sleep },
      () => new Error('busy'),
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ message: 'busy' })
    expect(sleeps).toEqual([19, 39])
  })

  it('does not retry what an attempt throws', async () => {
    let calls = 0
    const error = await withRetries(
      async () => {
        calls++
        throw new Error('not retryable')
      },
      { attempts: 5, baseMs: 1, sleep: async () => {} },
      () => new Error('exhausted'),
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ message: 'not retryable' })
    expect(calls).toBe(1)
  })
})
