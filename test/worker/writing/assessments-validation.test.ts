import { beforeAll, describe, expect, it } from 'vitest'
import { callsFor } from '../bedrock/support'
import { GOOD_ESSAY } from './essays'
import {
  type AssessmentBody,
  api,
  type ErrorBody,
  idempotencyItem,
  type Submission,
  slotsOf,
  submit,
  userWithSlots,
} from './support'

const ESSAY = { module: 'academic_writing', taskId: 'aw-t2-01', text: GOOD_ESSAY }

type Case = { name: string; body: Submission | string; code: string; path?: string }

const CASES: Case[] = [
  {
    name: 'a speaking module',
    body: { ...ESSAY, module: 'academic_speaking' },
    code: 'VALIDATION_FAILED',
    path: 'json.module',
  },
  {
    name: 'no module',
    body: { taskId: 'aw-t2-01', text: GOOD_ESSAY },
    code: 'VALIDATION_FAILED',
    path: 'json.module',
  },
  {
    name: 'an unknown task',
    body: { ...ESSAY, taskId: 'aw-t2-99' },
    code: 'VALIDATION_FAILED',
    path: 'json.taskId',
  },
  {
    name: 'a task of the other module',
    body: { ...ESSAY, taskId: 'gw-t2-01' },
    code: 'VALIDATION_FAILED',
    path: 'json.taskId',
  },
  {
    name: 'a malformed task id',
    body: { ...ESSAY, taskId: 'AW T2 01' },
    code: 'VALIDATION_FAILED',
    path: 'json.taskId',
  },
  {
    name: 'no text',
    body: { module: 'academic_writing', taskId: 'aw-t2-01' },
    code: 'VALIDATION_FAILED',
    path: 'json.text',
  },
  {
    name: 'text that is a number',
    body: { ...ESSAY, text: 42 },
    code: 'VALIDATION_FAILED',
    path: 'json.text',
  },
  {
    name: 'whitespace only',
    body: { ...ESSAY, text: ' \n\t \r\n ' },
    code: 'VALIDATION_FAILED',
    path: 'json.text',
  },
  {
    name: '12,001 characters',
    body: { ...ESSAY, text: 'a'.repeat(12_001) },
    code: 'VALIDATION_FAILED',
    path: 'json.text',
  },
  {
    name: 'a control character',
    body: { ...ESSAY, text: `${GOOD_ESSAY}\u0000` },
    code: 'VALIDATION_FAILED',
    path: 'json.text',
  },
  {
    name: 'an unpaired surrogate',
    body: { ...ESSAY, text: `${GOOD_ESSAY} \ud800 end` },
    code: 'VALIDATION_FAILED',
    path: 'json.text',
  },
  { name: 'a body that is not JSON', body: '{"module":', code: 'INVALID_JSON' },
]

describe('POST /api/writing/assessments: refusals charge nothing', () => {
  beforeAll(() => api('/health'), 60_000)

  it.each(CASES)('answers 400 $code for $name', async ({ body, code, path }) => {
    const user = await userWithSlots(1)
    const key = crypto.randomUUID()
    const tag = crypto.randomUUID()
    const res = await submit(api, user, body, { key, tag })
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as ErrorBody
    expect(error.code).toBe(code)
    if (path) {
      expect(error.message).toContain(path)
      expect(error.details?.issues).toEqual(
        expect.arrayContaining([expect.objectContaining({ path })]),
      )
    }
    expect(await slotsOf(user)).toEqual({ remaining: 1, used: 0 })
    expect(await idempotencyItem(user, key)).toBeNull()
    expect((await callsFor(tag)).total).toBe(0)
  })

  it('names the module a task belongs to', async () => {
    const user = await userWithSlots(1)
    const res = await submit(api, user, { ...ESSAY, taskId: 'gw-t2-01' })
    expect(((await res.json()) as ErrorBody).error.message).toBe(
      'Invalid json.taskId: task gw-t2-01 belongs to general_writing, not academic_writing',
    )
  })

  it('answers 400 MISSING_IDEMPOTENCY_KEY without the header and VALIDATION_FAILED for a short one', async () => {
    const user = await userWithSlots(1)
    const missing = await submit(api, user, ESSAY, { key: null })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as ErrorBody).error.code).toBe('MISSING_IDEMPOTENCY_KEY')
    const short = await submit(api, user, ESSAY, { key: 'abc' })
    expect(short.status).toBe(400)
    expect(((await short.json()) as ErrorBody).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'header.idempotency-key' }] },
    })
    expect(await slotsOf(user)).toEqual({ remaining: 1, used: 0 })
  })

  it('answers 401 without a token, before anything else', async () => {
    const res = await api('/api/writing/assessments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(ESSAY),
    })
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).error.code).toBe('UNAUTHORIZED')
  })

  it('accepts exactly 12,000 characters once the outer whitespace is trimmed', async () => {
    const user = await userWithSlots(1)
    let text = GOOD_ESSAY
    while (text.length < 12_000) text += `\n\n${GOOD_ESSAY}`
    text = text.slice(0, 12_000).trimEnd()
    text += 'x'.repeat(12_000 - text.length)
    const res = await submit(api, user, { ...ESSAY, text: `\n   ${text}   \n` })
    expect(res.status).toBe(201)
    const { assessment } = (await res.json()) as AssessmentBody
    expect(assessment.result.text).toHaveLength(12_000)
  })
})
