import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { taskBand } from '../../../worker/scoring/bands'
import { callsFor } from '../bedrock/support'
import { callApp } from '../support/stack'
import { authHeaders } from '../support/users'
import { GOOD_ESSAY, TWELVE_WORDS } from './essays'
import {
  type AssessmentBody,
  api,
  type ErrorBody,
  idempotencyItem,
  slotsOf,
  storedAssessment,
  submit,
  userWithSlots,
} from './support'

const ESSAY = { module: 'academic_writing', taskId: 'aw-t2-01', text: GOOD_ESSAY }
// Paris: eu-west-1 is the nearest region, then us-east-1, then ap-southeast-1.
const PARIS = { latitude: '48.85', longitude: '2.35' }

describe('POST /api/writing/assessments', () => {
  beforeAll(() => api('/health'), 60_000)

  it('scores an essay (201), stores the full record, takes one slot and lists it in the history', async () => {
    const user = await userWithSlots(2)
    const tag = crypto.randomUUID()
    const res = await submit(api, user, ESSAY, { tag, cf: PARIS })
    expect(res.status).toBe(201)
    const text = await res.text()
    const { assessment } = JSON.parse(text) as AssessmentBody
    expect(res.headers.get('location')).toBe(`/api/assessments/${assessment.id}`)
    expect(res.headers.get('idempotent-replayed')).toBeNull()
    expect(assessment).toMatchObject({
      kind: 'writing',
      module: 'academic_writing',
      title: 'Free public transport',
      provisional: true,
      overallBand: assessment.result.taskBand,
    })
    const result = assessment.result
    expect(result).toMatchObject({
      text: GOOD_ESSAY,
      taskId: 'aw-t2-01',
      task: 2,
      examiner: 'local-emulator',
      rubricVersion: expect.stringMatching(/^ielts-writing-/),
      model: { id: 'eu.amazon.nova-micro-v1:0', region: 'eu-west-1', calls: 1, repaired: false },
      submittedAt: expect.any(String),
      completedAt: expect.any(String),
    })
    expect(result.taskBand).toBe(taskBand(result.criteria.map((c) => c.band)))
    expect(result.model).toMatchObject({
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
    })
    expect(result.corrections.length).toBeGreaterThan(0)
    expect((await callsFor(tag)).total).toBe(1)
    expect(await slotsOf(user)).toEqual({ remaining: 1, used: 1 })

    const stored = await storedAssessment(user, assessment.id)
    expect(stored).toMatchObject({ kind: 'writing', result: { text: GOOD_ESSAY } })

    const read = await api(`/api/assessments/${assessment.id}`, {
      headers: authHeaders(user.accessToken),
    })
    expect(await read.text()).toBe(text)
    const history = await api('/api/assessments', { headers: authHeaders(user.accessToken) })
    expect(await history.json()).toEqual({
      assessments: [
        {
          id: assessment.id,
          kind: 'writing',
          module: 'academic_writing',
          title: 'Free public transport',
          overallBand: assessment.overallBand,
          provisional: true,
          createdAt: assessment.createdAt,
        },
      ],
      nextCursor: null,
    })
  })

  it('answers a retry with the same key with the same bytes, without another slot or model call', async () => {
    const user = await userWithSlots(2)
    const key = crypto.randomUUID()
    const tag = crypto.randomUUID()
    const first = await submit(api, user, ESSAY, { key, tag })
    const firstText = await first.text()
    // Only the text's outer whitespace and line endings differ: the same request.
    const again = { ...ESSAY, text: `\r\n  ${GOOD_ESSAY.replaceAll('\n', '\r\n')}  ` }
    const replay = await submit(api, user, again, { key, tag })
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await replay.text()).toBe(firstText)
    expect((await callsFor(tag)).total).toBe(1)
    expect(await slotsOf(user)).toEqual({ remaining: 1, used: 1 })
  })

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED and charges nothing more', async () => {
    const user = await userWithSlots(2)
    const key = crypto.randomUUID()
    expect((await submit(api, user, ESSAY, { key })).status).toBe(201)
    const res = await submit(api, user, { ...ESSAY, text: `${GOOD_ESSAY} Thank you.` }, { key })
    expect(res.status).toBe(422)
    expect(((await res.json()) as ErrorBody).error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await slotsOf(user)).toEqual({ remaining: 1, used: 1 })
  })

  it('answers 402 NO_ASSESSMENTS_LEFT without a slot of this module, writing nothing', async () => {
    const user = await userWithSlots(3, 'general_writing')
    const key = crypto.randomUUID()
    const tag = crypto.randomUUID()
    const res = await submit(api, user, ESSAY, { key, tag })
    expect(res.status).toBe(402)
    expect(await res.json()).toMatchObject({
      error: { code: 'NO_ASSESSMENTS_LEFT', details: { module: 'academic_writing' } },
    })
    expect(await idempotencyItem(user, key)).toBeNull()
    expect((await callsFor(tag)).total).toBe(0)
    expect(await slotsOf(user, 'general_writing')).toEqual({ remaining: 3, used: 0 })
  })

  it('is served by the next region when the nearest throttles, and stores that region', async () => {
    const user = await userWithSlots(1)
    const tag = crypto.randomUUID()
    const res = await submit(api, user, ESSAY, { tag, cf: PARIS, fault: 'eu-west-1=throttle' })
    expect(res.status).toBe(201)
    const { assessment } = (await res.json()) as AssessmentBody
    expect(assessment.result.model).toMatchObject({
      region: 'us-east-1',
      id: 'us.amazon.nova-micro-v1:0',
    })
    const stored = (await storedAssessment(user, assessment.id)) as unknown as {
      result: { model: { region: string } }
    }
    expect(stored.result.model.region).toBe('us-east-1')
    expect(await callsFor(tag)).toMatchObject({ 'eu-west-1': 1, 'us-east-1': 1, total: 2 })
  })

  it('answers 502 ASSESSMENT_UNAVAILABLE when every region fails, gives the slot back and frees the key', async () => {
    const user = await userWithSlots(1)
    const key = crypto.randomUUID()
    const tag = crypto.randomUUID()
    const res = await submit(api, user, ESSAY, { key, tag, fault: 'server-error' })
    expect(res.status).toBe(502)
    const body = (await res.json()) as ErrorBody
    expect(body.error).toMatchObject({
      code: 'ASSESSMENT_UNAVAILABLE',
      details: { reason: 'regions_exhausted', slotRestored: true },
    })
    expect(body.error.message).toMatch(/not charged/)
    expect((await callsFor(tag)).total).toBe(3)
    expect(await slotsOf(user)).toEqual({ remaining: 1, used: 0 })
    expect(await idempotencyItem(user, key)).toBeNull()
    expect((await submit(api, user, ESSAY, { key })).status).toBe(201)
    expect(await slotsOf(user)).toEqual({ remaining: 0, used: 1 })
  })

  it('repairs malformed tool output once', async () => {
    const user = await userWithSlots(1)
    const tag = crypto.randomUUID()
    const res = await submit(api, user, ESSAY, { tag, fault: 'malformed' })
    expect(res.status).toBe(201)
    const { assessment } = (await res.json()) as AssessmentBody
    expect(assessment.result.model).toMatchObject({ calls: 2, repaired: true })
    expect((await callsFor(tag)).total).toBe(2)
  })

  it('answers 502 with the slot restored when the output is still invalid after the one repair', async () => {
    const user = await userWithSlots(2)
    const key = crypto.randomUUID()
    const tag = crypto.randomUUID()
    const res = await submit(api, user, ESSAY, { key, tag, fault: 'malformed-always' })
    expect(res.status).toBe(502)
    const body = (await res.json()) as ErrorBody
    expect(body.error).toMatchObject({
      code: 'ASSESSMENT_UNAVAILABLE',
      details: { reason: 'invalid_output', slotRestored: true },
    })
    expect(body.error.message).toMatch(/not charged/)
    // The first answer and one repair, in the same region: no third call, no fail-over.
    const { total, ...byRegion } = await callsFor(tag)
    expect(total).toBe(2)
    expect(Object.values(byRegion).filter((n) => n > 0)).toEqual([2])
    expect(await slotsOf(user)).toEqual({ remaining: 2, used: 0 })
    expect(await idempotencyItem(user, key)).toBeNull()
    const history = await api('/api/assessments', { headers: authHeaders(user.accessToken) })
    expect(((await history.json()) as { assessments: unknown[] }).assessments).toEqual([])
  })

  it('drops quotes the model invented from evidence and corrections', async () => {
    const user = await userWithSlots(1)
    const res = await submit(api, user, ESSAY, { fault: 'invent-quotes' })
    expect(res.status).toBe(201)
    const { result } = ((await res.json()) as AssessmentBody).assessment
    expect(result.quotes.dropped).toBe(5)
    const quoted = [...result.criteria.flatMap((c) => c.evidence), ...result.corrections]
    for (const quote of quoted) {
      expect(GOOD_ESSAY).toContain(typeof quote === 'string' ? quote : quote.quote)
    }
  })

  it('answers 429 DAILY_LIMIT_REACHED past the daily cap without taking a slot; replays and rule-decided answers still pass', async () => {
    const capped = callApp({ ...env, MODEL_CALLS_PER_DAY: '1' })
    const user = await userWithSlots(3, 'academic_writing', capped)
    const key = crypto.randomUUID()
    const tag = crypto.randomUUID()
    expect((await submit(capped, user, ESSAY, { key, tag })).status).toBe(201)

    const over = await submit(capped, user, ESSAY, { tag })
    expect(over.status).toBe(429)
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await over.json()).toMatchObject({
      error: { code: 'DAILY_LIMIT_REACHED', details: { limit: 1, slotRestored: true } },
    })
    expect(await slotsOf(user)).toEqual({ remaining: 2, used: 1 })

    expect((await submit(capped, user, ESSAY, { key, tag })).status).toBe(201)
    const short = { ...ESSAY, text: TWELVE_WORDS }
    expect((await submit(capped, user, short, { tag })).status).toBe(201)
    expect((await callsFor(tag)).total).toBe(1)
    expect(await slotsOf(user)).toEqual({ remaining: 1, used: 2 })
  })
})
