import { env } from 'cloudflare:workers'
import { OpenAPIHono } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { handleError, handleNotFound } from '../../../shared/http/error-handler'
import { requestId } from '../../../shared/http/request-id'
import { registerAuth } from '../../../worker/auth'
import { requireJson } from '../../../worker/http/guards'
import { services } from '../../../worker/http/services'
import { validationHook } from '../../../worker/http/validation'
import { LIMITS } from '../../../worker/rate-limit/rules'
import type { AppEnv } from '../../../worker/types'
import { postJson, randomIp, registerUser, strongPassword, uniqueEmail } from '../support/users'
import { errorOf } from './helpers'

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

async function expect429(res: Response) {
  expect(res.status).toBe(429)
  expect((await errorOf(res)).code).toBe('RATE_LIMITED')
  const retryAfter = Number(res.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThan(0)
  return retryAfter
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

  it('limits social sign-in attempts per address, valid or not', async () => {
    const { call } = appAt(start())
    const ip = randomIp()
    const attempt = () =>
      call('/api/auth/google', postJson({ idToken: 'x'.repeat(40) }, { 'cf-connecting-ip': ip }))
    for (let i = 0; i < LIMITS.socialPerIp.limit; i++) expect((await attempt()).status).toBe(401)
    await expect429(await attempt())
  })
})
