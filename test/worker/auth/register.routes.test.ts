import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { findCredential } from '../../../worker/auth/accounts'
import { readConfig } from '../../../worker/services/config'
import { callApp } from '../support/stack'
import {
  authHeaders,
  jwtClaims,
  postJson,
  registerUser,
  type SignedInBody,
  strongPassword,
  uniqueEmail,
} from '../support/users'
import { dataClient, errorOf } from './helpers'

const call = callApp(env)

describe('POST /api/auth/register', { timeout: 30_000 }, () => {
  it('creates the account, answers 201 with tokens, and /api/me knows the user', async () => {
    const email = uniqueEmail('Reg')
    const res = await call(
      '/api/auth/register',
      postJson({ email: `  ${email.toUpperCase()} `, password: strongPassword() }),
    )
    expect(res.status).toBe(201)
    const body = (await res.json()) as SignedInBody
    expect(body).toMatchObject({
      user: { email: email.toLowerCase() },
      tokenType: 'Bearer',
      expiresIn: 900,
    })
    expect(body.refreshToken).toMatch(/^rt1\.0\./)
    const claims = jwtClaims(body.accessToken)
    expect(claims).toMatchObject({ sub: body.user.id, hr: 'us-east-1', email: email.toLowerCase() })
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900)

    const me = await call('/api/me', { headers: authHeaders(body.accessToken) })
    expect(me.status).toBe(200)
    expect(await me.json()).toEqual({
      user: { id: body.user.id, email: email.toLowerCase(), homeRegion: 'us-east-1' },
    })
  })

  it('stores only a versioned PBKDF2 hash of the password, never the password', async () => {
    const user = await registerUser(call)
    const credential = await findCredential(dataClient(), user.email)
    expect(credential?.passwordHash).toMatch(/^pbkdf2-sha256\$v1\$100000\$[\w-]{22}\$[\w-]{43}$/)
    expect(JSON.stringify(credential)).not.toContain(user.password)
    expect(readConfig(env).auth.PASSWORD_PEPPER.length).toBeGreaterThanOrEqual(32)
  })

  it('answers 409 EMAIL_TAKEN for an email already registered, whatever its case', async () => {
    const user = await registerUser(call)
    const res = await call(
      '/api/auth/register',
      postJson({ email: user.email.toUpperCase(), password: strongPassword() }),
    )
    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('EMAIL_TAKEN')
  })

  it.each([
    ['a missing email', { password: 'a-long-unique-pass' }, 'json.email'],
    ['a malformed email', { email: 'not-an-email', password: 'a-long-unique-pass' }, 'json.email'],
    ['a short password', { email: uniqueEmail(), password: 'short12' }, 'json.password'],
    [
      'a password over 256 characters',
      { email: uniqueEmail(), password: 'x'.repeat(257) },
      'json.password',
    ],
    ['a common password', { email: uniqueEmail(), password: 'Password123' }, 'json.password'],
    [
      'a common password in capitals',
      { email: uniqueEmail(), password: 'SUNSHINE1' },
      'json.password',
    ],
    [
      'a password that is not a string',
      { email: uniqueEmail(), password: 12345678 },
      'json.password',
    ],
  ])('answers 400 VALIDATION_FAILED for %s', async (_what, body, path) => {
    const res = await call('/api/auth/register', postJson(body))
    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.details.issues.map((i: { path: string }) => i.path)).toContain(path)
  })

  it('counts characters, not UTF-16 units: eight emoji are eight characters', async () => {
    const res = await call(
      '/api/auth/register',
      postJson({ email: uniqueEmail(), password: '🦊🦉🐙🦋🐢🦔🐝🦜' }),
    )
    expect(res.status).toBe(201)
    const short = await call(
      '/api/auth/register',
      postJson({ email: uniqueEmail(), password: '🦊🦉🐙🦋' }),
    )
    expect(short.status).toBe(400)
  })

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const res = await call('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('INVALID_JSON')
  })
})
