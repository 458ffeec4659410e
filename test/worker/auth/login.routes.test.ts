import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { keys } from '../../../shared/keys'
import { findCredential } from '../../../worker/auth/accounts'
import { hashPassword } from '../../../worker/auth/password-hash'
import { readConfig } from '../../../worker/services/config'
import { callApp } from '../support/stack'
import {
  authHeaders,
  postJson,
  randomIp,
  registerUser,
  type SignedInBody,
  uniqueEmail,
} from '../support/users'
import { dataClient, errorOf } from './helpers'

const call = callApp(env)

afterEach(() => vi.restoreAllMocks())

describe('POST /api/auth/login', { timeout: 30_000 }, () => {
  it('signs in with the right password, the email in any case and padding', async () => {
    const user = await registerUser(call)
    const res = await call(
      '/api/auth/login',
      postJson({ email: `  ${user.email.toUpperCase()}  `, password: user.password }),
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as SignedInBody
    expect(body).toMatchObject({ user: { id: user.id, email: user.email }, expiresIn: 900 })
    expect(body.refreshToken).not.toBe(user.refreshToken)
    const me = await call('/api/me', { headers: authHeaders(body.accessToken) })
    expect(me.status).toBe(200)
  })

  it('answers "no such account" and "wrong password" alike, after the same PBKDF2 work', async () => {
    const user = await registerUser(call)
    const derive = vi.spyOn(crypto.subtle, 'deriveBits')
    const wrong = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: 'not-it-at-all' }),
    )
    const wrongWork = derive.mock.calls.map(
      ([params]) => (params as { iterations: number }).iterations,
    )
    derive.mockClear()
    const nobody = await call(
      '/api/auth/login',
      postJson({ email: uniqueEmail(), password: 'not-it-at-all' }),
    )
    const nobodyWork = derive.mock.calls.map(
      ([params]) => (params as { iterations: number }).iterations,
    )

    expect([wrong.status, nobody.status]).toEqual([401, 401])
    const [a, b] = [await errorOf(wrong), await errorOf(nobody)]
    expect(a.code).toBe('INVALID_CREDENTIALS')
    expect({ code: b.code, message: b.message }).toEqual({ code: a.code, message: a.message })
    expect(wrongWork).toEqual([100_000])
    expect(nobodyWork).toEqual(wrongWork)
  })

  it('refuses a password login for an account that has none (signed up with Apple/Google)', async () => {
    const email = uniqueEmail('social')
    const data = dataClient()
    const id = crypto.randomUUID()
    await data.write(
      [{ put: { item: { ...keys.email(email), userId: id, email, homeRegion: 'us-east-1' } } }],
      { homeRegion: 'us-east-1' },
    )
    const res = await call('/api/auth/login', postJson({ email, password: 'anything-at-all' }))
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('INVALID_CREDENTIALS')
  })

  it('rehashes a password stored with older parameters, and the new hash still works', async () => {
    const user = await registerUser(call)
    const data = dataClient()
    const pepper = readConfig(env).auth.PASSWORD_PEPPER
    const old = await hashPassword(user.password, pepper, { iterations: 20_000 })
    await data.write([{ update: { key: keys.email(user.email), set: { passwordHash: old } } }], {
      homeRegion: 'us-east-1',
    })
    const res = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: user.password }),
    )
    expect(res.status).toBe(200)
    const stored = (await findCredential(data, user.email))?.passwordHash
    expect(stored).toMatch(/^pbkdf2-sha256\$v1\$100000\$/)
    expect(stored).not.toBe(old)
    const again = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: user.password }),
    )
    expect(again.status).toBe(200)
  })

  it.each([
    ['a missing password', { email: 'a@example.test' }, 'json.password'],
    ['an empty password', { email: 'a@example.test', password: '' }, 'json.password'],
    ['an email that is not one', { email: 'nope', password: 'whatever-long' }, 'json.email'],
    ['an email that is not a string', { email: 42, password: 'whatever-long' }, 'json.email'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_what, body, path) => {
    const res = await call('/api/auth/login', postJson(body))
    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.details.issues.map((i: { path: string }) => i.path)).toContain(path)
  })

  it('does not apply the common-password rule at login (old passwords still sign in)', async () => {
    const user = await registerUser(call)
    const pepper = readConfig(env).auth.PASSWORD_PEPPER
    await dataClient().write(
      [
        {
          update: {
            key: keys.email(user.email),
            set: { passwordHash: await hashPassword('password123', pepper) },
          },
        },
      ],
      { homeRegion: 'us-east-1' },
    )
    const ip = randomIp()
    const res = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: 'password123' }, { 'cf-connecting-ip': ip }),
    )
    expect(res.status).toBe(200)
  })
})
