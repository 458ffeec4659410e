import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/errors'
import { keys } from '../../../shared/keys'
import { ConditionFailedError } from '../../../worker/data/client'
import { grantSlotsOp } from '../../../worker/entitlements/slots'
import {
  abandonCharge,
  beginCharge,
  type ChargeRequest,
  completeCharge,
} from '../../../worker/idempotency/charge'
import { dataClient } from '../support/stack'
import { omittingFailedItems } from '../support/terse-data'

const data = dataClient()

async function userWithSlots(slots: number) {
  const userId = crypto.randomUUID()
  if (slots > 0) {
    await data.write([grantSlotsOp(userId, 'academic_writing', slots, new Date().toISOString())], {
      homeRegion: 'eu-west-1',
    })
  }
  return userId
}

function request(userId: string, overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  return {
    userId,
    homeRegion: 'eu-west-1',
    scope: 'writing',
    key: `key-${crypto.randomUUID()}`,
    fingerprint: 'body-hash-1',
    module: 'academic_writing',
    now: new Date(),
    ...overrides,
  }
}

async function slotsOf(userId: string) {
  const item = await data.get(keys.entitlement(userId, 'academic_writing'), {
    homeRegion: 'eu-west-1',
    consistent: true,
  })
  return { remaining: item?.remaining, used: item?.used }
}

const codeOf = (error: unknown) => (error instanceof ApiError ? error.code : String(error))

describe('beginCharge / completeCharge / abandonCharge', () => {
  it('consumes one slot, answers IN_PROGRESS while running and the stored result after', async () => {
    const userId = await userWithSlots(2)
    const req = request(userId)
    const first = await beginCharge(data, req)
    expect(first.state).toBe('started')
    expect(await slotsOf(userId)).toEqual({ remaining: 1, used: 1 })

    const during = await beginCharge(data, req).catch((e: unknown) => e)
    expect(codeOf(during)).toBe('IN_PROGRESS')
    expect((during as ApiError).headers['Retry-After']).toBe('2')

    if (first.state !== 'started') throw new Error('expected started')
    await completeCharge(data, req, first.attempt, { status: 201, resultId: 'result-1', ops: [] })
    expect(await beginCharge(data, req)).toEqual({
      state: 'completed',
      status: 201,
      resultId: 'result-1',
    })
    expect(await slotsOf(userId)).toEqual({ remaining: 1, used: 1 })
  })

  it('refuses the same key with another body with IDEMPOTENCY_KEY_REUSED', async () => {
    const userId = await userWithSlots(2)
    const req = request(userId)
    await beginCharge(data, req)
    const reused = await beginCharge(data, { ...req, fingerprint: 'another-body' }).catch(
      (e: unknown) => e,
    )
    expect(codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await slotsOf(userId)).toEqual({ remaining: 1, used: 1 })
  })

  it('answers NO_ASSESSMENTS_LEFT and writes nothing when no slot is left', async () => {
    const userId = await userWithSlots(0)
    const req = request(userId)
    expect(codeOf(await beginCharge(data, req).catch((e: unknown) => e))).toBe(
      'NO_ASSESSMENTS_LEFT',
    )
    expect(
      await data.get(keys.idempotency(userId, 'writing', req.key), {
        homeRegion: 'eu-west-1',
        consistent: true,
      }),
    ).toBeNull()
  })

  it('charges once for 20 concurrent requests with one key', async () => {
    const userId = await userWithSlots(3)
    const req = request(userId)
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => beginCharge(data, req).then((o) => o.state, codeOf)),
    )
    expect(outcomes.filter((o) => o === 'started')).toHaveLength(1)
    expect(outcomes.filter((o) => o !== 'started').every((o) => o === 'IN_PROGRESS')).toBe(true)
    expect(await slotsOf(userId)).toEqual({ remaining: 2, used: 1 })
  })

  it('lets exactly one of several keys take the last slot', async () => {
    const userId = await userWithSlots(1)
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        beginCharge(data, request(userId)).then((o) => o.state, codeOf),
      ),
    )
    expect(outcomes.filter((o) => o === 'started')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'NO_ASSESSMENTS_LEFT')).toHaveLength(7)
    expect(await slotsOf(userId)).toEqual({ remaining: 0, used: 1 })
  })

  it('gives the slot back and releases the key when an attempt is abandoned', async () => {
    const userId = await userWithSlots(1)
    const req = request(userId)
    const first = await beginCharge(data, req)
    if (first.state !== 'started') throw new Error('expected started')
    await abandonCharge(data, req, first.attempt)
    expect(await slotsOf(userId)).toEqual({ remaining: 1, used: 0 })
    expect((await beginCharge(data, req)).state).toBe('started')
    expect(await slotsOf(userId)).toEqual({ remaining: 0, used: 1 })
  })

  it('takes over an attempt whose lease expired without charging again, and only one completes', async () => {
    const userId = await userWithSlots(2)
    const req = request(userId, { leaseMs: 1_000 })
    const first = await beginCharge(data, req)
    if (first.state !== 'started') throw new Error('expected started')
    const later = { ...req, now: new Date(req.now.getTime() + 5_000) }
    const second = await beginCharge(data, later)
    expect(second.state).toBe('started')
    expect(await slotsOf(userId)).toEqual({ remaining: 1, used: 1 })

    const stale = await completeCharge(data, req, first.attempt, {
      status: 201,
      resultId: 'a',
      ops: [],
    }).catch((e: unknown) => e)
    expect(stale).toBeInstanceOf(ConditionFailedError)
    if (second.state !== 'started') throw new Error('expected started')
    await completeCharge(data, later, second.attempt, { status: 201, resultId: 'b', ops: [] })
    expect(await beginCharge(data, later)).toMatchObject({ state: 'completed', resultId: 'b' })
  })

  it('answers a replay from the stored result when the failed condition omits the item', async () => {
    const userId = await userWithSlots(1)
    const req = request(userId)
    const first = await beginCharge(data, req)
    if (first.state !== 'started') throw new Error('expected started')
    await completeCharge(data, req, first.attempt, { status: 201, resultId: 'r-1', ops: [] })
    // The key's condition and the (now empty) slot's both fail; neither item comes back.
    const terse = omittingFailedItems(data)
    expect(await beginCharge(terse, req)).toEqual({
      state: 'completed',
      status: 201,
      resultId: 'r-1',
    })
    expect(codeOf(await beginCharge(terse, request(userId)).catch((e: unknown) => e))).toBe(
      'NO_ASSESSMENTS_LEFT',
    )
    expect(await slotsOf(userId)).toEqual({ remaining: 0, used: 1 })
  })
})
