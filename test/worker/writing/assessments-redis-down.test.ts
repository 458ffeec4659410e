import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callsFor } from '../bedrock/support'
import { callApp, type PrivateOrigins, privateOrigins } from '../support/stack'
import { GOOD_ESSAY } from './essays'
import { type ErrorBody, idempotencyItem, slotsOf, submit, userWithSlots } from './support'

let origins: PrivateOrigins

beforeAll(async () => {
  origins = await privateOrigins()
}, 60_000)

afterAll(() => origins.dispose())

describe('POST /api/writing/assessments when the daily-cap counter cannot be reached', () => {
  it('fails closed with 502 ASSESSMENT_UNAVAILABLE, calls no model and gives the slot back', async () => {
    const call = callApp(origins.env)
    const user = await userWithSlots(1, 'academic_writing', call)
    await origins.stopRedis()
    const key = crypto.randomUUID()
    const tag = crypto.randomUUID()
    const res = await submit(
      call,
      user,
      { module: 'academic_writing', taskId: 'aw-t2-01', text: GOOD_ESSAY },
      { key, tag },
    )
    expect(res.status).toBe(502)
    const { error } = (await res.json()) as ErrorBody
    expect(error).toMatchObject({
      code: 'ASSESSMENT_UNAVAILABLE',
      details: { reason: 'usage_counter_unavailable', slotRestored: true },
    })
    expect(error.message).toMatch(/not charged/)
    expect((await callsFor(tag)).total).toBe(0)
    expect(await slotsOf(user)).toEqual({ remaining: 1, used: 0 })
    expect(await idempotencyItem(user, key)).toBeNull()
  })
})
