import { runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { TICKET_TTL_MS, ticketDigest } from '../../../worker/speaking/session-id'
import { authHeaders } from '../support/users'
import {
  createSession,
  openStream,
  pathOf,
  readSession,
  scoredTest,
  sessionStub,
  speakingApp,
  userWithSlots,
} from './support'

const streamPath = (id: string) => `/api/nova-sonic/sessions/${id}/stream`

describe('speaking sessions: object-level authorization and stream tickets', {
  timeout: 60_000,
}, () => {
  it("another user's session id answers 404, exactly like an unknown one", async () => {
    const call = speakingApp()
    const owner = await userWithSlots(call)
    const other = await userWithSlots(call)
    const created = await createSession(call, owner)
    expect((await readSession(call, owner, created.id)).status).toBe(200)
    const theirs = await readSession(call, other, created.id)
    expect(theirs).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    const unknown = await readSession(call, other, '0123456789ABCDEFGHJKMNPQRS')
    expect(unknown.status).toBe(404)
    expect(theirs.body.error.message).toBe(unknown.body.error.message)
  })

  it("another user's token on the stream answers 404 and opens nothing", async () => {
    const call = speakingApp()
    const owner = await userWithSlots(call)
    const other = await userWithSlots(call)
    const created = await createSession(call, owner)
    const refused = await openStream(call, streamPath(created.id), {
      Authorization: `Bearer ${other.accessToken}`,
    })
    expect(refused).toMatchObject({
      status: 404,
      app: null,
      body: { error: { code: 'NOT_FOUND' } },
    })
    const own = await openStream(call, streamPath(created.id), {
      Authorization: `Bearer ${owner.accessToken}`,
    })
    expect(own.status).toBe(101)
    own.app?.close()
  })

  it('a stream ticket opens the stream once; used again it is refused', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    const first = await openStream(call, pathOf(created.streamUrl))
    expect(first.status).toBe(101)
    first.app?.close()
    const again = await openStream(call, pathOf(created.streamUrl))
    expect(again).toMatchObject({ status: 401, body: { error: { code: 'INVALID_TOKEN' } } })
  })

  it('a ticket past its 60 s is refused (401 INVALID_TOKEN) and removed', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const before = Date.now()
    const created = await createSession(call, user)
    const after = Date.now()
    const ticket = new URL(created.streamUrl).searchParams.get('ticket') ?? ''
    const key = `ticket:${await ticketDigest(ticket)}`
    // Durable Object storage cannot be aged, so the ticket is moved 61 s into the past:
    // exactly what the object would see a minute and a second after minting it.
    const expiresAt = await runInDurableObject(sessionStub(created.id), async (_o, state) => {
      const at = await state.storage.get<number>(key)
      if (at === undefined) throw new Error('ticket not stored')
      await state.storage.put(key, at - TICKET_TTL_MS - 1_000)
      return at
    })
    expect(TICKET_TTL_MS).toBe(60_000)
    expect(expiresAt).toBeGreaterThanOrEqual(before + TICKET_TTL_MS)
    expect(expiresAt).toBeLessThanOrEqual(after + TICKET_TTL_MS)

    const res = await openStream(call, pathOf(created.streamUrl))
    expect(res).toMatchObject({
      status: 401,
      app: null,
      body: { error: { code: 'INVALID_TOKEN' } },
    })
    const left = await runInDurableObject(sessionStub(created.id), (_o, state) =>
      state.storage.list({ prefix: 'ticket:' }),
    )
    expect(left.has(key)).toBe(false)
    // The session itself is untouched: its owner still connects with the access token.
    const own = await openStream(call, streamPath(created.id), {
      Authorization: `Bearer ${user.accessToken}`,
    })
    expect(own.status).toBe(101)
    own.app?.close()
  })

  it("a ticket of one session does not open another user's session", async () => {
    const call = speakingApp()
    const owner = await userWithSlots(call)
    const other = await userWithSlots(call)
    const mine = await createSession(call, owner)
    const theirs = await createSession(call, other)
    const ticket = new URL(theirs.streamUrl).searchParams.get('ticket')
    const res = await openStream(call, `${streamPath(mine.id)}?ticket=${ticket}`)
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'INVALID_TOKEN' } } })
    // …and was not spent by the attempt: it still opens its own session.
    expect((await openStream(call, pathOf(theirs.streamUrl))).status).toBe(101)
  })

  it('refuses before upgrading: no credentials, a malformed ticket, a bad token, no upgrade', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const created = await createSession(call, user)
    const path = streamPath(created.id)
    expect(await openStream(call, path)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED' } },
    })
    expect(await openStream(call, `${path}?ticket=short`)).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_TOKEN' } },
    })
    expect(await openStream(call, path, { Authorization: 'Bearer not.a.token' })).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_TOKEN' } },
    })
    const plain = await call(pathOf(created.streamUrl))
    expect(plain.status).toBe(400)
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST')
    // The refused attempts spent nothing: the ticket still opens the stream.
    expect((await openStream(call, pathOf(created.streamUrl))).status).toBe(101)
  })

  it('a malformed session id is a validation error, not a lookup', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const res = await call('/api/nova-sonic/sessions/not-an-id', {
      headers: authHeaders(user.accessToken),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED')
  })

  it('a finished test cannot be streamed again (409)', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const { created } = await scoredTest(call, user)
    const late = await openStream(call, streamPath(created.id), {
      Authorization: `Bearer ${user.accessToken}`,
    })
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } })
  })
})
