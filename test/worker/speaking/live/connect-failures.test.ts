import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../../../worker/services/config'
import { pickInterviewPlan } from '../../../../worker/speaking/interview/content'
import { openExaminerLink } from '../../../../worker/speaking/live/examiner-link'
import {
  actAsCandidate,
  createSession,
  openStream,
  pathOf,
  remainingSlots,
  scriptSession,
  sessionRecord,
  speakingApp,
  userWithSlots,
  waitForSession,
} from '../support'

describe('opening the examiner stream', { timeout: 60_000 }, () => {
  it('waits 1, 2 and 4 s (fake clock) after three refusals and goes live on the fourth attempt', async () => {
    const sessionId = `link-${crypto.randomUUID()}`
    await scriptSession(sessionId, { refuseConnects: 3 })
    const waits: number[] = []
    const retries: string[] = []
    const link = openExaminerLink(
      {
        config: readConfig(env),
        sessionId,
        plan: pickInterviewPlan('general_speaking', () => 0.5),
        timeScale: 1,
        sleep: async (ms) => {
          waits.push(ms)
        },
      },
      { onEvent: () => {}, onRetry: (attempt, delayMs) => retries.push(`${attempt}:${delayMs}`) },
    )
    await link.start()
    expect(link.state).toBe('live')
    expect(waits).toEqual([1000, 2000, 4000])
    expect(retries).toEqual(['1:1000', '2:2000', '3:4000'])
    await link.close()
    expect(await sessionRecord(sessionId)).toMatchObject({ upgrades: 4, refused: 3 })
  })

  it('tells the app while it retries, then holds the test once connected', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    await scriptSession(created.id, { pauseMs: 300, refuseConnects: 3 })
    const { app } = await openStream(call, pathOf(created.streamUrl))
    if (!app) throw new Error('no stream')
    actAsCandidate(app)
    app.send({ type: 'ready' })
    await app.waitFor((a) => a.of('user_transcript').length >= 1)
    const retrying = app.of('notice').filter((n) => n.code === 'RECONNECTING')
    expect(retrying.map((n) => /in (\d+) s/.exec(n.message)?.[1])).toEqual(['1', '2', '4'])
    expect(app.of('part_started')[0]?.part).toBe(1)
    app.send({ type: 'finish' })
    await waitForSession(call, user, created.id, (b) => b.state === 'scored')
    expect(await sessionRecord(created.id)).toMatchObject({ refused: 3 })
    expect((await remainingSlots(user))?.remaining).toBe(0)
  })

  it('refused every time: a clean error event, the test ends, and the slot is given back', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    expect((await remainingSlots(user))?.remaining).toBe(0)
    await scriptSession(created.id, { refuseConnects: 100 })
    const { app } = await openStream(call, pathOf(created.streamUrl))
    if (!app) throw new Error('no stream')
    app.send({ type: 'ready' })
    await app.waitFor((a) => a.closed !== null)
    expect(app.of('error')).toEqual([
      {
        type: 'error',
        code: 'EXAMINER_UNAVAILABLE',
        message: expect.stringMatching(/not charged/),
      },
    ])
    expect(app.events.at(-1)).toEqual({ type: 'finished', reason: 'failed' })
    expect(app.of('part_started')).toEqual([])
    const done = await waitForSession(
      call,
      user,
      created.id,
      (b) => (b.failure as { slotRestored?: boolean } | null)?.slotRestored === true,
    )
    expect(done.state).toBe('failed')
    expect(done.failure).toMatchObject({ code: 'EXAMINER_UNAVAILABLE', slotRestored: true })
    expect(await remainingSlots(user)).toMatchObject({ remaining: 1, used: 0 })
    expect(await sessionRecord(created.id)).toMatchObject({ upgrades: 4, refused: 4 })
  })
})

describe('the stream limit', { timeout: 60_000 }, () => {
  it('resumes in a new stream when the emulator closes one at its limit, and completes', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    await scriptSession(created.id, {
      pauseMs: 300,
      streamLimitMs: 1_500,
      studentTurns: ['I work as a nurse in a large hospital in the city centre.'],
    })
    const { app } = await openStream(call, pathOf(created.streamUrl))
    if (!app) throw new Error('no stream')
    actAsCandidate(app)
    app.send({ type: 'ready' })
    await app.waitFor((a) => a.of('finished').length === 1, 40_000)
    expect(app.of('finished')[0]?.reason).toBe('completed')
    expect(app.of('part_started').map((e) => e.part)).toEqual([1, 2, 3])
    expect(app.of('notice').some((n) => n.code === 'RECONNECTING')).toBe(true)

    const heard = await sessionRecord(created.id)
    const atLimit = heard.streams.filter((s) => s.ended === 'limit')
    expect(atLimit.length).toBeGreaterThanOrEqual(1)
    // A resumed stream is seeded with the conversation so far.
    const resumed = heard.streams.slice(1).find((s) => s.history.length > 0)
    expect(resumed?.history.some((m) => m.text.includes('nurse'))).toBe(true)
    const done = await waitForSession(call, user, created.id, (b) => b.state === 'scored')
    expect(done.finishReason).toBe('completed')
  })
})
