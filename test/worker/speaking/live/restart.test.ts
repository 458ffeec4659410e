import { abortAllDurableObjects } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  createSession,
  openStream,
  pathOf,
  scriptSession,
  sessionRecord,
  speakingApp,
  userWithSlots,
  waitForSession,
} from '../support'

describe('a session object restarted mid-test (deploy, eviction)', { timeout: 60_000 }, () => {
  it('resumes the test from storage when the app comes back, the examiner seeded with the transcript', async () => {
    const call = speakingApp(0.05)
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    await scriptSession(created.id, {
      pauseMs: 300,
      studentTurns: ['I grew up in Lisbon, near the river.', 'I work as an architect now.'],
    })
    const first = await openStream(call, pathOf(created.streamUrl))
    if (!first.app) throw new Error('no stream')
    first.app.send({ type: 'ready' })
    await first.app.waitFor((a) => a.of('examiner_text').some((e) => e.final))
    first.app.speak()
    await first.app.waitFor((a) => a.of('user_transcript').length === 1)

    // As a deploy or crash would: the instance goes, its storage stays (this file's only one).
    await abortAllDurableObjects()
    await first.app.waitFor((a) => a.closed !== null)

    const again = await openStream(call, `/api/nova-sonic/sessions/${created.id}/stream`, {
      Authorization: `Bearer ${user.accessToken}`,
    })
    if (!again.app) throw new Error(`not resumed: ${again.status} ${JSON.stringify(again.body)}`)
    const app = again.app
    await app.waitFor((a) => a.of('examiner_text').some((e) => e.final))
    expect(app.of('part_started')).toMatchObject([{ part: 1 }])
    expect(app.of('examiner_text').find((e) => e.final)?.text).toBe(
      '[emulated] Sorry about that. Let us continue.',
    )
    const streams = (await sessionRecord(created.id)).streams
    expect(streams.at(-1)?.history.map((m) => m.text)).toContain(
      'I grew up in Lisbon, near the river.',
    )

    app.speak()
    await app.waitFor((a) => a.of('user_transcript').length === 1)
    app.send({ type: 'finish' })
    const done = await waitForSession(call, user, created.id, (b) => b.state === 'scored')
    const said = (done.transcript as { turns: { speaker: string; text: string }[] }).turns
      .filter((t) => t.speaker === 'candidate')
      .map((t) => t.text)
    expect(said).toEqual(['I grew up in Lisbon, near the river.', 'I work as an architect now.'])
    expect(done.finishReason).toBe('candidate_finished')
  })
  it('scores what was said, as abandoned, when the app does not come back in time', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    await scriptSession(created.id, { pauseMs: 300, studentTurns: ['I have two sisters.'] })
    const { app } = await openStream(call, pathOf(created.streamUrl))
    if (!app) throw new Error('no stream')
    app.send({ type: 'ready' })
    await app.waitFor((a) => a.of('examiner_text').some((e) => e.final))
    app.speak()
    await app.waitFor((a) => a.of('user_transcript').length === 1)
    await abortAllDurableObjects()
    const done = await waitForSession(call, user, created.id, (b) => b.state === 'scored')
    expect(done.finishReason).toBe('abandoned')
    const turns = (done.transcript as { turns: { speaker: string; text: string }[] }).turns
    expect(turns.filter((t) => t.speaker === 'candidate').map((t) => t.text)).toEqual([
      'I have two sisters.',
    ])
  })
})
