import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/errors'
import { WriteConflictError } from '../../../worker/data/client'
import { retryOnConflict } from '../../../worker/data/retry-on-conflict'

/** A write that DynamoDB cancels `conflicts` times (TransactionConflict), then applies. */
function racingWrite(conflicts: number) {
  let calls = 0
  const write = async () => {
    calls++
    if (calls <= conflicts) throw new WriteConflictError()
    return 'written'
  }
  return { write, calls: () => calls }
}

const instant = { sleep: async () => {}, random: () => 0.5 }

describe('retryOnConflict', () => {
  it('tries again after a transaction conflict and returns the write’s result', async () => {
    const w = racingWrite(2)
    const sleeps: number[] = []
    const result = await retryOnConflict(w.write, {
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms)
      },
    })
    expect(result).toBe('written')
    expect(w.calls()).toBe(3)
    expect(sleeps).toEqual([20, 40])
  })

  it('answers 409 CONFLICT with Retry-After when every attempt conflicts', async () => {
    const w = racingWrite(5)
    const error = await retryOnConflict(w.write, instant).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'CONFLICT', status: 409, headers: { 'Retry-After': '1' } })
    expect(w.calls()).toBe(3)
  })

  it('never retries another failure (a failed condition is an answer, not a race)', async () => {
    let calls = 0
    const refused = new ApiError('NO_ASSESSMENTS_LEFT', 'none left')
    const error = await retryOnConflict(async () => {
      calls++
      throw refused
    }, instant).catch((e: unknown) => e)
    expect(error).toBe(refused)
    expect(calls).toBe(1)
  })
})
