import { beforeAll, describe, expect, it } from 'vitest'
import { callsFor } from '../bedrock/support'
import { GOOD_ESSAY } from './essays'
import { api, type ErrorBody, slotsOf, submit, userWithSlots } from './support'

const ESSAY = { module: 'academic_writing', taskId: 'aw-t2-01', text: GOOD_ESSAY }

type Answer = { status: number; text: string; retryAfter: string | null; replayed: boolean }

async function answer(res: Response | Promise<Response>): Promise<Answer> {
  const r = await res
  return {
    status: r.status,
    text: await r.text(),
    retryAfter: r.headers.get('retry-after'),
    replayed: r.headers.get('idempotent-replayed') === 'true',
  }
}

describe('POST /api/writing/assessments under concurrency', () => {
  beforeAll(() => api('/health'), 60_000)

  it('charges one slot and calls the model once for 20 concurrent submissions with one key; every later retry gets the same bytes', async () => {
    const user = await userWithSlots(3)
    const key = crypto.randomUUID()
    const tag = crypto.randomUUID()
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => answer(submit(api, user, ESSAY, { key, tag }))),
    )
    const created = answers.filter((a) => a.status === 201)
    const busy = answers.filter((a) => a.status === 409)
    expect(created.length + busy.length).toBe(20)
    expect(created.filter((a) => !a.replayed)).toHaveLength(1)
    const first = created.find((a) => !a.replayed)!
    for (const a of created) expect(a.text).toBe(first.text)
    for (const a of busy) {
      expect((JSON.parse(a.text) as ErrorBody).error.code).toBe('IN_PROGRESS')
      expect(a.retryAfter).toBe('2')
    }

    for (let i = 0; i < 5; i++) {
      const retry = await answer(submit(api, user, ESSAY, { key, tag }))
      expect(retry).toEqual({ status: 201, text: first.text, retryAfter: null, replayed: true })
      expect(JSON.parse(retry.text)).toEqual(JSON.parse(first.text))
    }
    expect((await callsFor(tag)).total).toBe(1)
    expect(await slotsOf(user)).toEqual({ remaining: 2, used: 1 })
  })

  it('lets exactly one of several keys take the last slot; the others get 402', async () => {
    const user = await userWithSlots(1)
    const tag = crypto.randomUUID()
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => answer(submit(api, user, ESSAY, { tag }))),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1)
    const refused = answers.filter((a) => a.status === 402)
    expect(refused).toHaveLength(7)
    for (const a of refused) {
      expect((JSON.parse(a.text) as ErrorBody).error.code).toBe('NO_ASSESSMENTS_LEFT')
    }
    expect((await callsFor(tag)).total).toBe(1)
    expect(await slotsOf(user)).toEqual({ remaining: 0, used: 1 })
  })
})
