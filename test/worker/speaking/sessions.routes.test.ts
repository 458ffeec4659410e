import { describe, expect, it } from 'vitest'
import { keys } from '../../../shared/keys'
import { LATENCY_NOTICE } from '../../../worker/speaking/latency'
import { dataClient } from '../support/stack'
import { authHeaders, registerUser } from '../support/users'
import {
  actAsCandidate,
  createSession,
  openStream,
  pathOf,
  remainingSlots,
  scoredTest,
  scriptSession,
  speakingApp,
  userWithSlots,
  waitForSession,
} from './support'

const post = (token: string, body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: authHeaders(token, headers),
  body: JSON.stringify(body),
})

describe('POST /api/nova-sonic/sessions', { timeout: 60_000 }, () => {
  it('creates a session: id, ws stream URL with a ticket, start deadline; one slot consumed', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call, 'general_speaking', 2)
    const res = await call(
      '/api/nova-sonic/sessions',
      post(
        user.accessToken,
        { module: 'general_speaking' },
        { 'idempotency-key': crypto.randomUUID() },
      ),
    )
    expect(res.status).toBe(201)
    const body = (await res.json()) as Record<string, string>
    expect(body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(body.streamUrl).toMatch(
      new RegExp(`^ws://api\\.test/api/nova-sonic/sessions/${body.id}/stream\\?ticket=[\\w-]{43}$`),
    )
    expect(Date.parse(body.expiresAt ?? '')).toBeGreaterThan(Date.now())
    expect(body.latencyNotice).toBeUndefined()
    expect(res.headers.get('location')).toBe(`/api/nova-sonic/sessions/${body.id}`)
    expect(await remainingSlots(user, 'general_speaking')).toMatchObject({ remaining: 1, used: 1 })
  })

  it('a replay of the key answers the same session with a fresh ticket and charges once', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call, 'academic_speaking', 2)
    const key = crypto.randomUUID()
    const first = await createSession(call, user, key)
    const res = await call(
      '/api/nova-sonic/sessions',
      post(user.accessToken, { module: 'academic_speaking' }, { 'idempotency-key': key }),
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('idempotent-replayed')).toBe('true')
    const again = (await res.json()) as { id: string; streamUrl: string }
    expect(again.id).toBe(first.id)
    expect(again.streamUrl).not.toBe(first.streamUrl)
    expect(await remainingSlots(user)).toMatchObject({ remaining: 1, used: 1 })
    // Both tickets work, once each.
    expect((await openStream(call, pathOf(first.streamUrl))).status).toBe(101)
    expect((await openStream(call, pathOf(again.streamUrl))).status).toBe(101)
  })

  it('the same key with another module is refused (422) and charges nothing', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call, 'academic_speaking', 1)
    const key = crypto.randomUUID()
    await createSession(call, user, key)
    const res = await call(
      '/api/nova-sonic/sessions',
      post(user.accessToken, { module: 'general_speaking' }, { 'idempotency-key': key }),
    )
    expect(res.status).toBe(422)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    )
  })

  it('refuses bad requests with a clear error and writes nothing', async () => {
    const call = speakingApp()
    const user = await registerUser(call)
    const cases: [RequestInit, number, string][] = [
      [post(user.accessToken, { module: 'academic_speaking' }), 400, 'MISSING_IDEMPOTENCY_KEY'],
      [
        post(user.accessToken, { module: 'academic_writing' }, { 'idempotency-key': 'k-12345678' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        post(
          user.accessToken,
          { module: 'academic_speaking', extra: 1 },
          { 'idempotency-key': 'short' },
        ),
        400,
        'VALIDATION_FAILED',
      ],
      [
        post(
          user.accessToken,
          { module: 'academic_speaking' },
          { 'idempotency-key': 'k-12345678' },
        ),
        402,
        'NO_ASSESSMENTS_LEFT',
      ],
    ]
    for (const [init, status, code] of cases) {
      const res = await call('/api/nova-sonic/sessions', init)
      expect(res.status).toBe(status)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
    }
    const key = await dataClient().get(keys.idempotency(user.id, 'speaking', 'k-12345678'), {
      homeRegion: user.homeRegion as 'us-east-1',
      consistent: true,
    })
    expect(key).toBeNull()
    const anonymous = await call('/api/nova-sonic/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-12345678' },
      body: JSON.stringify({ module: 'academic_speaking' }),
    })
    expect(anonymous.status).toBe(401)
  })

  it('tells a caller far from us-east-1 that the examiner may lag', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const singapore = { latitude: '1.29', longitude: '103.85', continent: 'AS' }
    const res = await call('/api/nova-sonic/sessions', {
      ...post(
        user.accessToken,
        { module: 'academic_speaking' },
        { 'idempotency-key': crypto.randomUUID() },
      ),
      cf: singapore,
    } as RequestInit)
    expect(res.status).toBe(201)
    const body = (await res.json()) as { streamUrl: string; latencyNotice?: string }
    expect(body.latencyNotice).toBe(LATENCY_NOTICE)
    const { app } = await openStream(call, pathOf(body.streamUrl))
    await app?.waitFor((a) => a.of('notice').length > 0)
    expect(app?.of('notice')[0]).toMatchObject({ code: 'LATENCY', message: LATENCY_NOTICE })
    app?.close()
  })

  it('a replay after the result is stored answers the scored session (no ticket) and charges nothing', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call, 'academic_speaking', 2)
    const key = crypto.randomUUID()
    const { created } = await scoredTest(call, user, key)
    const replay = await createSession(call, user, key)
    expect(replay).toMatchObject({ id: created.id, state: 'scored' })
    expect(new URL(replay.streamUrl).searchParams.has('ticket')).toBe(false)
    expect(await remainingSlots(user)).toMatchObject({ remaining: 1, used: 1 })
  })
})

describe('sessions that end without the app', { timeout: 60_000 }, () => {
  it('not started before the deadline: failed, not charged', async () => {
    const call = speakingApp(0.001)
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    const done = await waitForSession(
      call,
      user,
      created.id,
      (b) => (b.failure as { slotRestored?: boolean } | null)?.slotRestored === true,
    )
    expect(done).toMatchObject({ state: 'failed', failure: { code: 'NOT_STARTED' } })
    expect(await remainingSlots(user)).toMatchObject({ remaining: 1, used: 0 })
  })

  it('the app leaves mid-test and does not come back: scored as abandoned', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    await scriptSession(created.id, { pauseMs: 300, studentTurns: ['I grew up by the sea.'] })
    const { app } = await openStream(call, pathOf(created.streamUrl))
    if (!app) throw new Error('no stream')
    actAsCandidate(app)
    app.send({ type: 'ready' })
    await app.waitFor((a) => a.of('user_transcript').length >= 1)
    app.close()
    const done = await waitForSession(call, user, created.id, (b) => b.state === 'scored')
    expect(done.finishReason).toBe('abandoned')
    expect((done.result as { finishReason: string }).finishReason).toBe('abandoned')
  })

  it('the app reconnects with its token and carries on in the same part', async () => {
    const call = speakingApp(0.05)
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    await scriptSession(created.id, { pauseMs: 300 })
    const first = await openStream(call, pathOf(created.streamUrl))
    if (!first.app) throw new Error('no stream')
    first.app.send({ type: 'ready' })
    await first.app.waitFor((a) => a.of('examiner_text').some((e) => e.final))
    first.app.close()
    const second = await openStream(call, `/api/nova-sonic/sessions/${created.id}/stream`, {
      Authorization: `Bearer ${user.accessToken}`,
    })
    if (!second.app) throw new Error('no second stream')
    await second.app.waitFor((a) => a.of('part_started').length === 1)
    expect(second.app.of('part_started')[0]?.part).toBe(1)
    second.app.speak()
    await second.app.waitFor((a) => a.of('user_transcript').length === 1)
    second.app.send({ type: 'finish' })
    const done = await waitForSession(call, user, created.id, (b) => b.state === 'scored')
    expect(done.finishReason).toBe('candidate_finished')
  })
})
