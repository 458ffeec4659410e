import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GOOD_ESSAY } from '../worker/writing/essays'
import { mintApplePurchase } from './support/dev-env'
import { type DevStack, startDevStack } from './support/dev-stack'

type Entitlement = { module: string; purchased: number; used: number; remaining: number }

describe('npm run dev: a student buys Academic Writing and gets an essay assessed', () => {
  let dev: DevStack
  beforeAll(async () => {
    dev = await startDevStack()
  })
  afterAll(async () => {
    expect(await dev.stop()).toBe(0)
  })

  async function call(path: string, init: RequestInit & { token?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (init.token) headers.authorization = `Bearer ${init.token}`
    const res = await fetch(`${dev.apiUrl}${path}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string>) },
    })
    return { status: res.status, text: await res.text(), headers: res.headers }
  }

  async function academicWriting(token: string): Promise<Entitlement | undefined> {
    const res = await call('/api/entitlements', { token })
    expect(res.status).toBe(200)
    const { entitlements } = JSON.parse(res.text) as { entitlements: Entitlement[] }
    return entitlements.find((e) => e.module === 'academic_writing')
  }

  it('registers, buys with an App Store purchase, submits an essay, is charged once, and finds it in the history', async () => {
    const email = `e2e-writing-${crypto.randomUUID()}@example.test`
    const registered = await call('/api/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email, password: `pw-${crypto.randomUUID()}` }),
    })
    expect(registered.status).toBe(201)
    const { user, accessToken: token } = JSON.parse(registered.text) as {
      user: { id: string }
      accessToken: string
    }

    const minted = await mintApplePurchase(dev, 'academic_writing', user.id)
    const purchase = await call('/api/purchases/apple', {
      method: 'POST',
      token,
      body: JSON.stringify({ signedTransaction: minted.signedTransaction }),
    })
    expect(purchase.status).toBe(201)
    const before = await academicWriting(token)
    expect(before?.remaining).toBeGreaterThan(0)

    const tasks = await call('/api/writing/tasks?module=academic_writing&task=2')
    const { tasks: list } = JSON.parse(tasks.text) as { tasks: { id: string }[] }
    expect(list.map((t) => t.id)).toContain('aw-t2-01')

    const key = crypto.randomUUID()
    const submit = () =>
      call('/api/writing/assessments', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': key },
        body: JSON.stringify({ module: 'academic_writing', taskId: 'aw-t2-01', text: GOOD_ESSAY }),
      })
    const scored = await submit()
    expect(scored.status).toBe(201)
    const { assessment } = JSON.parse(scored.text) as {
      assessment: {
        id: string
        overallBand: number
        result: {
          criteria: { name: string; band: number; justification: string }[]
          taskBand: number
          corrections: unknown[]
          model: { region: string; usage: { inputTokens: number } }
          examiner: string
          text: string
        }
      }
    }
    expect(assessment.result.criteria.map((c) => c.name)).toEqual([
      'Task Response',
      'Coherence and Cohesion',
      'Lexical Resource',
      'Grammatical Range and Accuracy',
    ])
    expect(assessment.result.criteria.every((c) => c.justification.length > 0)).toBe(true)
    expect(assessment.overallBand).toBe(assessment.result.taskBand)
    expect(assessment.result).toMatchObject({
      examiner: 'local-emulator',
      text: GOOD_ESSAY,
      model: { region: 'us-east-1', usage: { inputTokens: expect.any(Number) } },
    })

    const after = await academicWriting(token)
    expect(after).toMatchObject({
      remaining: (before?.remaining ?? 0) - 1,
      used: (before?.used ?? 0) + 1,
    })

    const retry = await submit()
    expect(retry.status).toBe(201)
    expect(retry.text).toBe(scored.text)
    expect((await academicWriting(token))?.remaining).toBe(after?.remaining)

    const history = await call('/api/assessments', { token })
    expect(history.status).toBe(200)
    expect(JSON.parse(history.text)).toMatchObject({
      assessments: [{ id: assessment.id, kind: 'writing', title: 'Free public transport' }],
      nextCursor: null,
    })
    const full = await call(`/api/assessments/${assessment.id}`, { token })
    expect(full.text).toBe(scored.text)
  })
})
