import { env } from 'cloudflare:workers'
import { OpenAPIHono } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { handleError, handleNotFound } from '../../../shared/http/error-handler'
import { requestId } from '../../../shared/http/request-id'
import { registerAuth } from '../../../worker/auth'
import { requireJson } from '../../../worker/http/guards'
import { validationHook } from '../../../worker/http/validation'
import { LIMITS } from '../../../worker/rate-limit/rules'
import { formatRefreshToken, newFamilyId } from '../../../worker/refresh-families/refresh-token'
import { services } from '../../../worker/services/middleware'
import type { AppEnv } from '../../../worker/types'
import { postJson, randomIp, registerUser, strongPassword, uniqueEmail } from '../support/users'
import { type ErrorJson, errorOf } from './helpers'

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext

/** The account routes on the real stack, with a clock the test holds. */
function appAt(start: number) {
  const clock = { now: start }
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use(requestId())
  app.use(services())
  app.use('/api/*', requireJson())
  registerAuth(app, { now: () => clock.now })
  app.onError(handleError)
  app.notFound(handleNotFound)
  const call = (path: string, init?: RequestInit) =>
    app.fetch(new Request(`http://api.test${path}`, init), env, ctx)
  return { clock, call }
}

// Each test starts at its own minute-aligned instant far from the others' windows.
const start = () => Date.UTC(2031, 0, 1) + Math.floor(Math.random() * 1e6) * 3_600_000

/** Asserts a 429 in the error shape with `Retry-After`, and answers its seconds. */
async function expect429(res: Response) {
  expect(res.status).toBe(429)
  const error = (await errorOf(res)) as ErrorJson & { requestId?: string }
  expect(error.code).toBe('RATE_LIMITED')
  expect(error.message).toMatch(/retry in \d+ seconds/)
  expect(error.requestId).toBe(res.headers.get('x-request-id'))
  const retryAfter = Number(res.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThan(0)
  return retryAfter
}

/** A well-formed refresh token of a session that does not exist (random user and family). */
const unknownRefreshToken = () =>
  formatRefreshToken({
    region: 'us-east-1',
    userId: crypto.randomUUID(),
    familyId: newFamilyId(),
    generation: 0,
  })

/** An ID token from the local identity-provider emulator, valid for an hour from now. */
async function googleIdToken(email: string, sub: string): Promise<string> {
  const res = await fetch(`${new URL(env.GOOGLE_JWKS_URL as string).origin}/mint`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'google', email, sub, expiresIn: 3600 }),
  })
  if (!res.ok) throw new Error(`mint failed: ${res.status}`)
  return ((await res.json()) as { token: string }).token
}

// PBKDF2-bound requests in a row: generous timeouts on a shared 2-core machine.
describe('rate limits on the account routes', { timeout: 60_000 }, () => {
  it('stops guessing from one address without locking the owner out, and recovers', async () => {
    const { clock, call } = appAt(start())
    const user = await registerUser(call)
    const attacker = randomIp()
    const login = (password: string, ip: string) =>
      call('/api/auth/login', postJson({ email: user.email, password }, { 'cf-connecting-ip': ip }))
    for (let i = 0; i < LIMITS.loginFailuresPerAccountAndIp.limit; i++) {
      expect((await login(`guess-number-${i}`, attacker)).status).toBe(401)
    }
    const retryAfter = await expect429(await login(user.password, attacker))
    expect(retryAfter).toBe(15 * 60)

    expect((await login(user.password, randomIp())).status).toBe(200) // the owner elsewhere

    clock.now += retryAfter * 1000
    expect((await login(user.password, attacker)).status).toBe(200)
  })

  it('keeps the owner in when failures spread over many addresses reach the account ceiling', async () => {
    const { clock, call } = appAt(start())
    const user = await registerUser(call)
    const login = (password: string, ip: string) =>
      call('/api/auth/login', postJson({ email: user.email, password }, { 'cf-connecting-ip': ip }))
    // Each address stays under its own (account, address) limit: only the ceiling can bind.
    const perAddress = LIMITS.loginFailuresPerAccountAndIp.limit - 1
    const ceiling = LIMITS.loginFailuresPerAccount.limit
    const attackers = Array.from({ length: Math.ceil(ceiling / perAddress) }, randomIp)
    for (let failure = 0; failure < ceiling; failure++) {
      const ip = attackers[Math.floor(failure / perAddress)]!
      expect((await login(`guess-number-${failure}`, ip)).status).toBe(401)
    }
    for (const ip of attackers) {
      expect(await expect429(await login(user.password, ip))).toBe(60 * 60)
    }

    expect((await login(user.password, randomIp())).status).toBe(200) // the owner, elsewhere
    const newcomer = randomIp()
    expect((await login('one-more-guess', newcomer)).status).toBe(401) // one guess, then out
    await expect429(await login(user.password, newcomer))
    for (const ip of attackers) await expect429(await login(user.password, ip))

    clock.now += 60 * 60_000
    expect((await login(user.password, attackers[0]!)).status).toBe(200)
  })

  it('limits login attempts per address across accounts, and recovers in the next window', async () => {
    const { clock, call } = appAt(start())
    const user = await registerUser(call)
    const ip = randomIp()
    const login = (email: string, password: string) =>
      call('/api/auth/login', postJson({ email, password }, { 'cf-connecting-ip': ip }))
    for (let i = 0; i < LIMITS.loginPerIp.limit; i++) {
      expect((await login(uniqueEmail('nobody'), strongPassword())).status).toBe(401)
    }
    const retryAfter = await expect429(await login(user.email, user.password))
    expect(retryAfter).toBe(LIMITS.loginPerIp.windowMs / 1000)
    expect(
      (
        await call(
          '/api/auth/login',
          postJson(
            { email: user.email, password: user.password },
            { 'cf-connecting-ip': randomIp() },
          ),
        )
      ).status,
    ).toBe(200) // another address is not affected

    clock.now += retryAfter * 1000
    expect((await login(user.email, user.password)).status).toBe(200)
  })

  it('limits registrations per address, then lets the address in again next hour', async () => {
    const { clock, call } = appAt(start())
    const ip = randomIp()
    for (let i = 0; i < LIMITS.registerPerIp.limit; i++) {
      const res = await call(
        '/api/auth/register',
        postJson({ email: uniqueEmail(), password: strongPassword() }, { 'cf-connecting-ip': ip }),
      )
      expect(res.status).toBe(201)
    }
    const body = { email: uniqueEmail(), password: strongPassword() }
    const retryAfter = await expect429(
      await call('/api/auth/register', postJson(body, { 'cf-connecting-ip': ip })),
    )
    clock.now += retryAfter * 1000
    expect(
      (await call('/api/auth/register', postJson(body, { 'cf-connecting-ip': ip }))).status,
    ).toBe(201)
  })

  it('limits registrations per email, from any address', async () => {
    const { call } = appAt(start())
    const email = uniqueEmail()
    const attempts = []
    for (let i = 0; i < LIMITS.registerPerAccount.limit; i++) {
      attempts.push(
        (await call('/api/auth/register', postJson({ email, password: strongPassword() }))).status,
      )
    }
    expect(attempts).toEqual([201, 409, 409, 409, 409])
    await expect429(
      await call('/api/auth/register', postJson({ email, password: strongPassword() })),
    )
  })

  it('limits refreshes per session without swallowing a rotation', async () => {
    const { clock, call } = appAt(start())
    const user = await registerUser(call)
    let token = user.refreshToken
    for (let i = 0; i < LIMITS.refreshPerAccount.limit; i++) {
      const res = await call('/api/auth/refresh', postJson({ refreshToken: token }))
      expect(res.status).toBe(200)
      token = ((await res.json()) as { refreshToken: string }).refreshToken
    }
    await expect429(await call('/api/auth/refresh', postJson({ refreshToken: token })))
    clock.now += 60_000
    expect((await call('/api/auth/refresh', postJson({ refreshToken: token }))).status).toBe(200)
  })

  it('limits refreshes per address across sessions, and recovers in the next window', async () => {
    const { clock, call } = appAt(start())
    const user = await registerUser(call)
    const ip = randomIp()
    const refresh = (refreshToken: string) =>
      call('/api/auth/refresh', postJson({ refreshToken }, { 'cf-connecting-ip': ip }))
    for (let i = 0; i < LIMITS.refreshPerIp.limit; i++) {
      expect((await refresh(unknownRefreshToken())).status).toBe(401)
    }
    const retryAfter = await expect429(await refresh(user.refreshToken))
    expect(retryAfter).toBe(LIMITS.refreshPerIp.windowMs / 1000)

    clock.now += retryAfter * 1000
    expect((await refresh(user.refreshToken)).status).toBe(200) // the 429 rotated nothing
  })

  it('limits social sign-in attempts per address, valid or not, and recovers', async () => {
    const { clock, call } = appAt(start())
    const ip = randomIp()
    const attempt = () =>
      call('/api/auth/google', postJson({ idToken: 'x'.repeat(40) }, { 'cf-connecting-ip': ip }))
    for (let i = 0; i < LIMITS.socialPerIp.limit; i++) expect((await attempt()).status).toBe(401)
    const retryAfter = await expect429(await attempt())
    expect(retryAfter).toBe(LIMITS.socialPerIp.windowMs / 1000)
    clock.now += retryAfter * 1000
    expect((await attempt()).status).toBe(401) // through the limit again, to the verifier
  })

  it('limits social sign-ins per provider account from any address, and recovers', async () => {
    // The real clock: the emulator's tokens are issued now and live an hour.
    const { clock, call } = appAt(Date.now())
    const token = await googleIdToken(uniqueEmail('google'), `sub-${crypto.randomUUID()}`)
    const signIn = () => call('/api/auth/google', postJson({ idToken: token }))
    const statuses = []
    for (let i = 0; i < LIMITS.socialPerAccount.limit; i++) statuses.push((await signIn()).status)
    expect(statuses).toEqual([201, ...Array(LIMITS.socialPerAccount.limit - 1).fill(200)])
    const retryAfter = await expect429(await signIn())
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.socialPerAccount.windowMs / 1000)

    clock.now += retryAfter * 1000
    expect((await signIn()).status).toBe(200)
  })
})
