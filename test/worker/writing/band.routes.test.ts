import { beforeAll, describe, expect, it } from 'vitest'
import {
  type AssessmentRecord,
  newAssessmentId,
  putAssessmentOp,
} from '../../../worker/assessments/record'
import { authHeaders } from '../support/users'
import { api, data, userWithSlots } from './support'

type Estimate = {
  module: string
  band: number | null
  task1: { assessmentId: string; band: number } | null
  task2: { assessmentId: string; band: number } | null
  estimate: true
}

function writingRecord(
  module: string,
  task: 1 | 2,
  band: number,
  minutesAgo: number,
): AssessmentRecord {
  const at = new Date(Date.now() - minutesAgo * 60_000)
  return {
    id: newAssessmentId(at),
    kind: 'writing',
    module: module as AssessmentRecord['module'],
    createdAt: at.toISOString(),
    overallBand: band,
    provisional: true,
    title: `Task ${task}`,
    result: { task, taskId: `${module === 'academic_writing' ? 'aw' : 'gw'}-t${task}-01` },
  }
}

describe('GET /api/writing/band', () => {
  beforeAll(() => api('/health'), 60_000)

  async function estimate(accessToken: string, module: string) {
    const res = await api(`/api/writing/band?module=${module}`, {
      headers: authHeaders(accessToken),
    })
    return { status: res.status, body: (await res.json()) as Estimate }
  }

  it('weights the latest Task 2 twice and rounds like the overall band, per module', async () => {
    const user = await userWithSlots(0)
    const records = [
      writingRecord('academic_writing', 1, 5, 30), // older Task 1: ignored
      writingRecord('academic_writing', 1, 6, 10),
      writingRecord('academic_writing', 2, 6.5, 20),
      writingRecord('general_writing', 2, 8, 5), // other module: ignored
    ]
    await data.write(
      records.map((r) => putAssessmentOp(user.id, r)),
      { homeRegion: user.homeRegion },
    )

    const { status, body } = await estimate(user.accessToken, 'academic_writing')
    expect(status).toBe(200)
    // (6 + 2 × 6.5) / 3 = 6.33… → 6.5
    expect(body).toMatchObject({ module: 'academic_writing', band: 6.5, estimate: true })
    expect(body.task1).toMatchObject({ assessmentId: records[1]?.id, band: 6 })
    expect(body.task2).toMatchObject({ assessmentId: records[2]?.id, band: 6.5 })
  })

  it('has no band until both tasks have a result', async () => {
    const user = await userWithSlots(0)
    await data.write([putAssessmentOp(user.id, writingRecord('general_writing', 2, 7, 1))], {
      homeRegion: user.homeRegion,
    })
    const { body } = await estimate(user.accessToken, 'general_writing')
    expect(body).toMatchObject({ band: null, task1: null, task2: { band: 7 } })
  })

  it('refuses a speaking module and an anonymous caller', async () => {
    const user = await userWithSlots(0)
    expect((await estimate(user.accessToken, 'academic_speaking')).status).toBe(400)
    expect((await api('/api/writing/band?module=academic_writing')).status).toBe(401)
  })
})
