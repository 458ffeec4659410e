import { env } from 'cloudflare:workers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item } from '../../../shared/data-api'
import { keys, userPartition } from '../../../shared/keys'
import { countModelCall, liveModelCallKeys } from '../../../worker/bedrock/daily-cap'
import {
  familyKeys,
  parseRefreshToken,
  refreshTokenHash,
} from '../../../worker/refresh-families/refresh-token'
import { dataClient, errorOf, redisFor } from '../auth/helpers'
import { callApp, type PrivateOrigins, privateOrigins } from '../support/stack'
import { authHeaders, postJson, registerUser, type TestUser } from '../support/users'

const call = callApp(env)
const atHome = { homeRegion: 'us-east-1' as const }

/** What other domains write for a user: a purchase with its claim, an entitlement, an assessment. */
async function seedDomainItems(user: TestUser) {
  const txn = `2000000${Math.floor(Math.random() * 1e9)}`
  const items: Item[] = [
    { ...keys.purchase(user.id, 'apple', txn), productId: 'academic_writing', transactionId: txn },
    { ...keys.claim('apple', txn), userId: user.id, transactionId: txn },
    { ...keys.entitlement(user.id, 'academic_writing'), purchased: 4, used: 1 },
    {
      ...keys.assessment(user.id, crypto.randomUUID()),
      text: 'Some people believe that universities should…',
      transcript: 'Well, I would say that my hometown is…',
      overallBand: 6.5,
    },
    { ...keys.idempotency(user.id, 'writing', crypto.randomUUID()), status: 'done' },
  ]
  await dataClient().write(
    items.map((item) => ({ put: { item } })),
    atHome,
  )
  return { txn }
}

/** Scoring runs counted against the user's daily cap, as the assessment routes count them. */
async function countModelCalls(user: TestUser, times: number) {
  for (let i = 0; i < times; i++) {
    await countModelCall(redisFor('us-east-1'), { userId: user.id, limit: 30, now: new Date() })
  }
}

async function partition(userId: string) {
  return (await dataClient().query({ pk: userPartition(userId), consistent: true }, atHome)).items
}

describe('GET /api/me', () => {
  let origins: PrivateOrigins
  beforeAll(async () => {
    origins = await privateOrigins()
  })
  afterAll(() => origins.dispose())

  it('answers from the access token alone: every origin and Redis down, still 200', async () => {
    const user = await registerUser(callApp(origins.env))
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-1'])
      await origins.stopOrigin(region)
    await origins.stopRedis()
    const res = await callApp(origins.env)('/api/me', { headers: authHeaders(user.accessToken) })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      user: { id: user.id, email: user.email, homeRegion: 'us-east-1' },
    })
    expect(res.headers.get('cache-control')).toBe('no-store')
  }, 30_000)

  it('answers 401 UNAUTHORIZED without a token', async () => {
    const res = await call('/api/me')
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('UNAUTHORIZED')
  })
})

describe('GET /api/me/export', { timeout: 30_000 }, () => {
  it('returns everything held on the user, grouped by kind, without the password hash', async () => {
    const user = await registerUser(call)
    const { txn } = await seedDomainItems(user)
    const res = await call('/api/me/export', { headers: authHeaders(user.accessToken) })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    expect(text).not.toMatch(/pbkdf2|passwordHash/)
    const body = JSON.parse(text)
    expect(body.user).toEqual({ id: user.id, email: user.email, homeRegion: 'us-east-1' })
    expect(body.profile).toMatchObject({ email: user.email, userId: user.id })
    expect(body.credential).toMatchObject({ email: user.email, userId: user.id })
    expect(body.purchases).toMatchObject([{ transactionId: txn, productId: 'academic_writing' }])
    expect(body.purchaseClaims).toMatchObject([{ transactionId: txn, userId: user.id }])
    expect(body.entitlements).toMatchObject([{ purchased: 4, used: 1 }])
    expect(body.assessments[0].text).toContain('universities')
    expect(body.assessments[0].transcript).toContain('hometown')
    expect(body.idempotencyRecords).toHaveLength(1)
    expect(body.sessions).toHaveLength(1)
    expect(body.identities).toEqual([])
    expect(body.modelCallsToday).toEqual({ day: new Date().toISOString().slice(0, 10), count: 0 })
  })

  it("includes today's count of scoring runs", async () => {
    const user = await registerUser(call)
    await countModelCalls(user, 2)
    const res = await call('/api/me/export', { headers: authHeaders(user.accessToken) })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { modelCallsToday: unknown }).modelCallsToday).toEqual({
      day: new Date().toISOString().slice(0, 10),
      count: 2,
    })
  })

  it('answers 401 with a bad token', async () => {
    const res = await call('/api/me/export', { headers: authHeaders('nope.nope.nope') })
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('INVALID_TOKEN')
  })
})

describe('DELETE /api/me', { timeout: 30_000 }, () => {
  it('erases the account: login, refresh and the old access token all fail, nothing of the user remains', async () => {
    const user = await registerUser(call)
    const { txn } = await seedDomainItems(user)
    const meBefore = await call('/api/me', { headers: authHeaders(user.accessToken) })
    expect(meBefore.status).toBe(200) // the token is now in the isolate's verified cache

    const res = await call('/api/me', { method: 'DELETE', headers: authHeaders(user.accessToken) })
    expect(res.status).toBe(204)

    const login = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: user.password }),
    )
    expect(login.status).toBe(401)
    const refresh = await call('/api/auth/refresh', postJson({ refreshToken: user.refreshToken }))
    expect(refresh.status).toBe(401)
    const me = await call('/api/me', { headers: authHeaders(user.accessToken) })
    expect(me.status).toBe(401)
    expect((await errorOf(me)).code).toBe('INVALID_TOKEN')
    const fresh = await callApp(env)('/api/me', { headers: authHeaders(user.accessToken) })
    expect(fresh.status).toBe(401) // a fresh app (another app instance) refuses it too

    expect(await partition(user.id)).toEqual([])
    const data = dataClient()
    expect(await data.get(keys.email(user.email), { ...atHome, consistent: true })).toBeNull()
    const claim = await data.get(keys.claim('apple', txn), { ...atHome, consistent: true })
    expect(claim).toMatchObject({ transactionId: txn, erasedAt: expect.any(String) })
    expect(claim).not.toHaveProperty('userId')
  })

  it('leaves no Redis key of the user but the day-long erased marker', async () => {
    const user = await registerUser(call)
    const login = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: user.password }),
    )
    const second = ((await login.json()) as { refreshToken: string }).refreshToken
    const rotated = await call('/api/auth/refresh', postJson({ refreshToken: second }))
    expect(rotated.status).toBe(200) // leaves a retry box for `second` (10 s)
    await countModelCalls(user, 1)
    const families = [user.refreshToken, second].map((t) => parseRefreshToken(t)!.familyId)
    const userKeys = [
      familyKeys.families(user.id),
      ...families.map((familyId) => familyKeys.family(user.id, familyId)),
      familyKeys.retry(user.id, await refreshTokenHash(second)),
      ...liveModelCallKeys(user.id, new Date()),
    ]
    for (const key of userKeys) expect(key.startsWith(`{u:${user.id}}:`)).toBe(true)
    const redis = redisFor('us-east-1')
    const existing = async () => {
      const found = await Promise.all(userKeys.map((key) => redis.exists(key)))
      return userKeys.filter((_, i) => found[i] === 1)
    }
    expect(await existing()).toHaveLength(5) // families, 2 families, retry box, today's count

    const res = await call('/api/me', { method: 'DELETE', headers: authHeaders(user.accessToken) })
    expect(res.status).toBe(204)

    expect(await existing()).toEqual([])
    const marker = await redis.pttl(familyKeys.erased(user.id))
    expect(marker).toBeGreaterThan(0)
    expect(marker).toBeLessThanOrEqual(24 * 3600_000)
  })

  it('removes linked Apple/Google identities too, and the email can sign up again', async () => {
    const emulator = new URL(env.APPLE_JWKS_URL as string).origin
    const email = `idp-${crypto.randomUUID()}@example.test`
    const subject = `sub-${crypto.randomUUID()}`
    const minted = await fetch(`${emulator}/mint`, {
      method: 'POST',
      body: JSON.stringify({ provider: 'google', email, sub: subject }),
    })
    const { token } = (await minted.json()) as { token: string }
    const signIn = await call('/api/auth/google', postJson({ idToken: token }))
    expect(signIn.status).toBe(201)
    const session = (await signIn.json()) as { user: { id: string }; accessToken: string }

    const res = await call('/api/me', {
      method: 'DELETE',
      headers: authHeaders(session.accessToken),
    })
    expect(res.status).toBe(204)
    expect(
      await dataClient().get(keys.identity('google', subject), { ...atHome, consistent: true }),
    ).toBeNull()
    expect(await partition(session.user.id)).toEqual([])
    const again = await call(
      '/api/auth/register',
      postJson({ email, password: `pw-${crypto.randomUUID()}` }),
    )
    expect(again.status).toBe(201)
  })

  it('leaves another user’s claim alone', async () => {
    const [owner, other] = [await registerUser(call), await registerUser(call)]
    const txn = `3000000${Math.floor(Math.random() * 1e9)}`
    await dataClient().write(
      [
        { put: { item: { ...keys.purchase(owner.id, 'google', txn), transactionId: txn } } },
        { put: { item: { ...keys.claim('google', txn), userId: other.id, transactionId: txn } } },
      ],
      atHome,
    )
    expect(
      (await call('/api/me', { method: 'DELETE', headers: authHeaders(owner.accessToken) })).status,
    ).toBe(204)
    expect(
      await dataClient().get(keys.claim('google', txn), { ...atHome, consistent: true }),
    ).toMatchObject({ userId: other.id })
  })

  it('ends nothing and deletes nothing when the session store is down (503), so it can be retried', async () => {
    const origins = await privateOrigins()
    try {
      const privateCall = callApp(origins.env)
      const user = await registerUser(privateCall)
      await origins.stopRedis()
      const res = await privateCall('/api/me', {
        method: 'DELETE',
        headers: authHeaders(user.accessToken),
      })
      expect(res.status).toBe(503)
      expect((await errorOf(res)).code).toBe('SESSION_STORE_UNAVAILABLE')
      expect(await partition(user.id)).not.toEqual([])
      expect(
        (await privateCall('/api/me', { headers: authHeaders(user.accessToken) })).status,
      ).toBe(200)
      const exported = await privateCall('/api/me/export', {
        headers: authHeaders(user.accessToken),
      })
      expect(exported.status).toBe(200) // the table is up: everything but the sessions
      expect(await exported.json()).toMatchObject({ profile: { userId: user.id }, sessions: null })
    } finally {
      await origins.dispose()
    }
  })
})
