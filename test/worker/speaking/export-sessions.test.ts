import { describe, expect, it } from 'vitest'
import { authHeaders, type Call, type TestUser } from '../support/users'
import {
  actAsCandidate,
  createSession,
  type Json,
  openStream,
  pathOf,
  scriptSession,
  speakingApp,
  type TestApp,
  userWithSlots,
  waitForSession,
} from './support'

/** A test under way with `said` as the candidate's first answer, transcribed. */
async function liveTest(call: Call, user: TestUser, said: string, key?: string) {
  const created = await createSession(call, user, key)
  await scriptSession(created.id, { pauseMs: 300, studentTurns: [said] })
  const { app } = await openStream(call, pathOf(created.streamUrl))
  if (!app) throw new Error('no stream')
  actAsCandidate(app)
  app.send({ type: 'ready' })
  await app.waitFor((a) => a.of('user_transcript').length >= 1)
  return { id: created.id, app: app as TestApp }
}

async function exportOf(call: Call, user: TestUser) {
  const res = await call('/api/me/export', { headers: authHeaders(user.accessToken) })
  expect(res.status).toBe(200)
  const text = await res.text()
  return { text, body: JSON.parse(text) as Json }
}

const said = (label: string) => `${label} ${crypto.randomUUID()}: I come from Porto.`

describe('GET /api/me/export and speaking sessions', { timeout: 60_000 }, () => {
  it("exports a running test's transcript so far, and once scored only as its assessment", async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const answer = said('candidate')
    const { id, app } = await liveTest(call, user, answer)

    const during = (await exportOf(call, user)).body
    expect(during.assessments).toEqual([])
    expect(during.speakingSessions).toHaveLength(1)
    const [session] = during.speakingSessions
    expect(session).toMatchObject({ id, module: 'academic_speaking', state: 'live', part: 1 })
    expect(session.startedAt).toEqual(expect.any(String))
    const turns = session.transcript.turns as Json[]
    expect(turns.find((t) => t.speaker === 'candidate')).toMatchObject({ text: answer, part: 1 })
    expect(turns.some((t) => t.speaker === 'examiner')).toBe(true)
    for (const turn of turns)
      expect(Object.keys(turn).sort()).toEqual(['at', 'part', 'speaker', 'text'])

    app.send({ type: 'finish' })
    await waitForSession(call, user, id, (b) => b.state === 'scored')
    app.close()
    const after = (await exportOf(call, user)).body
    expect(after.speakingSessions).toEqual([])
    expect(after.assessments).toHaveLength(1)
    expect(after.assessments[0].result.sessionId).toBe(id)
    expect(JSON.stringify(after.assessments[0].result.transcript)).toContain(answer)
  })

  it("never lists another user's session, even one started with the same Idempotency-Key", async () => {
    const call = speakingApp()
    const [ana, ben] = [await userWithSlots(call), await userWithSlots(call)]
    const key = crypto.randomUUID()
    const [anaSaid, benSaid] = [said('ana'), said('ben')]
    const anas = await liveTest(call, ana, anaSaid, key)
    const bens = await liveTest(call, ben, benSaid, key)
    expect(bens.id).not.toBe(anas.id)

    const forAna = await exportOf(call, ana)
    expect(forAna.body.speakingSessions.map((s: Json) => s.id)).toEqual([anas.id])
    expect(forAna.text).toContain(anaSaid)
    expect(forAna.text).not.toContain(bens.id)
    expect(forAna.text).not.toContain(benSaid)

    const forBen = await exportOf(call, ben)
    expect(forBen.body.speakingSessions.map((s: Json) => s.id)).toEqual([bens.id])
    expect(forBen.text).not.toContain(anaSaid)
    anas.app.close()
    bens.app.close()
  })

  it('lists a test not started yet, with no transcript turns', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    const { body } = await exportOf(call, user)
    expect(body.speakingSessions).toMatchObject([
      { id: created.id, state: 'created', startedAt: null, transcript: { turns: [] } },
    ])
  })
})
