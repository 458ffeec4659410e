import { beforeAll, describe, expect, it } from 'vitest'
import type { Region } from '../../../shared/regions'
import {
  type AssessmentRecord,
  newAssessmentId,
  putAssessmentOp,
} from '../../../worker/assessments/record'
import { authHeaders, type TestUser } from '../support/users'
import { GOOD_ESSAY } from '../writing/essays'
import { type AssessmentBody, api, data, submit, userWithSlots } from '../writing/support'
import { speakingRecord } from './support'

type User = TestUser & { homeRegion: Region }

const get = (user: Pick<TestUser, 'accessToken'>, path: string, requestId?: string) =>
  api(path, {
    headers: authHeaders(user.accessToken, requestId ? { 'x-request-id': requestId } : {}),
  })

async function put(user: User, record: AssessmentRecord) {
  await data.write([putAssessmentOp(user.id, record)], { homeRegion: user.homeRegion })
  return record
}

describe('GET /api/assessments and GET /api/assessments/:id', () => {
  beforeAll(() => api('/health'), 60_000)

  it('lists writing and speaking records together, newest first, and shows a speaking record in full', async () => {
    const user = await userWithSlots(1)
    const speaking = await put(user, speakingRecord(new Date(Date.now() - 60_000)))
    const res = await submit(api, user, {
      module: 'academic_writing',
      taskId: 'aw-t2-01',
      text: GOOD_ESSAY,
    })
    const { assessment: writing } = (await res.json()) as AssessmentBody

    const history = (await (await get(user, '/api/assessments')).json()) as {
      assessments: { id: string; kind: string }[]
      nextCursor: string | null
    }
    expect(history.assessments.map((a) => [a.kind, a.id])).toEqual([
      ['writing', writing.id],
      ['speaking', speaking.id],
    ])
    expect(history.assessments[1]).toEqual({
      id: speaking.id,
      kind: 'speaking',
      module: 'general_speaking',
      title: 'Speaking mock test',
      overallBand: 6.5,
      provisional: true,
      createdAt: speaking.createdAt,
    })
    expect(JSON.stringify(history)).not.toContain('small town')

    const full = await get(user, `/api/assessments/${speaking.id}`)
    expect(full.status).toBe(200)
    expect(await full.json()).toEqual({
      assessment: {
        id: speaking.id,
        kind: 'speaking',
        module: 'general_speaking',
        title: 'Speaking mock test',
        overallBand: 6.5,
        provisional: true,
        createdAt: speaking.createdAt,
        result: speaking.result,
      },
    })
  })

  it('pages with nextCursor until null, every record once, newest first', async () => {
    const user = await userWithSlots(0)
    const start = Date.now() - 3_600_000
    const records: AssessmentRecord[] = []
    for (let i = 0; i < 5; i++) records.push(await put(user, speakingRecord(new Date(start + i))))
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2'
      const res = await get(user, `/api/assessments${query}`)
      expect(res.status).toBe(200)
      const page = (await res.json()) as {
        assessments: { id: string }[]
        nextCursor: string | null
      }
      seen.push(...page.assessments.map((a) => a.id))
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(seen).toEqual(records.map((r) => r.id).reverse())
    expect(pages).toBe(3)
  })

  it('answers another user’s assessment id exactly as an id that never existed: 404 NOT_FOUND', async () => {
    const owner = await userWithSlots(0)
    const other = await userWithSlots(0)
    const record = await put(owner, speakingRecord(new Date()))
    expect((await get(owner, `/api/assessments/${record.id}`)).status).toBe(200)

    const requestId = `bola-${crypto.randomUUID()}`
    const theirs = await get(other, `/api/assessments/${record.id}`, requestId)
    const missing = await get(other, `/api/assessments/${newAssessmentId(new Date())}`, requestId)
    expect(theirs.status).toBe(404)
    expect(missing.status).toBe(404)
    const body = await theirs.text()
    expect(body).toBe(await missing.text())
    expect(JSON.parse(body)).toEqual({
      error: { code: 'NOT_FOUND', message: 'No assessment with this id.', requestId },
    })
    const history = (await (await get(other, '/api/assessments')).json()) as {
      assessments: unknown[]
    }
    expect(history.assessments).toEqual([])
  })

  it('answers 400 for a malformed id, cursor or limit, and 401 without a token', async () => {
    const user = await userWithSlots(0)
    for (const path of [
      '/api/assessments/not-an-id',
      '/api/assessments?cursor=eyJwayI6IlVTRVIjMSJ9',
      '/api/assessments?limit=0',
      '/api/assessments?limit=51',
    ]) {
      const res = await get(user, path)
      expect(res.status, path).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'VALIDATION_FAILED',
      )
    }
    expect((await api('/api/assessments')).status).toBe(401)
    expect((await api(`/api/assessments/${newAssessmentId(new Date())}`)).status).toBe(401)
  })
})
