import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { callApp } from '../support/stack'
import { authHeaders, jwtClaims, postJson, registerUser, type SignedInBody } from '../support/users'
import { errorOf } from './helpers'

const call = callApp(env)

async function refresh(refreshToken: string) {
  const res = await call('/api/auth/refresh', postJson({ refreshToken }))
  const body = (await res.json()) as SignedInBody & { error: { code: string } }
  return { status: res.status, body }
}

describe('POST /api/auth/refresh', { timeout: 30_000 }, () => {
  it('rotates on every use: a chain of fresh refresh and access tokens', async () => {
    const user = await registerUser(call)
    let token = user.refreshToken
    const seen = new Set([token])
    for (let i = 1; i <= 4; i++) {
      const { status, body } = await refresh(token)
      expect(status).toBe(200)
      expect(body).toMatchObject({ expiresIn: 900, tokenType: 'Bearer' })
      expect(seen.has(body.refreshToken)).toBe(false)
      expect(body.refreshToken).toContain(`.${i}.`)
      expect(jwtClaims(body.accessToken)).toMatchObject({
        sub: user.id,
        email: user.email,
        hr: 'us-east-1',
      })
      expect((await call('/api/me', { headers: authHeaders(body.accessToken) })).status).toBe(200)
      seen.add(body.refreshToken)
      token = body.refreshToken
    }
  })

  it('revokes the whole family on reuse: the attacker and the victim are both refused', async () => {
    const user = await registerUser(call)
    const stolen = user.refreshToken
    const victim = await refresh(stolen) // the victim rotates first
    expect(victim.status).toBe(200)
    const second = await refresh(victim.body.refreshToken) // the chain moves on
    expect(second.status).toBe(200)

    const attacker = await refresh(stolen) // a rotated token comes back: theft
    expect(attacker.status).toBe(401)
    expect(attacker.body.error.code).toBe('INVALID_TOKEN')
    const victimNext = await refresh(second.body.refreshToken)
    expect(victimNext.status).toBe(401)
  })

  it('gives a retry of the immediate parent within the grace window the same child', async () => {
    const user = await registerUser(call)
    const first = await refresh(user.refreshToken)
    const retry = await refresh(user.refreshToken)
    expect(retry.status).toBe(200)
    expect(retry.body.refreshToken).toBe(first.body.refreshToken)
    const next = await refresh(first.body.refreshToken) // the family is intact
    expect(next.status).toBe(200)
  })

  it('lets at most one chain survive concurrent refreshes of one token', async () => {
    const user = await registerUser(call)
    const results = await Promise.all(Array.from({ length: 8 }, () => refresh(user.refreshToken)))
    const children = new Set(
      results.filter((r) => r.status === 200).map((r) => r.body.refreshToken),
    )
    expect(children.size).toBeLessThanOrEqual(1)
    expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true)
    const [child] = [...children]
    if (child) expect((await refresh(child)).status).toBe(200)
  })

  it.each([
    ['a missing token', {}],
    ['an empty token', { refreshToken: '' }],
    ['a token that is not a string', { refreshToken: 42 }],
  ])('answers 400 VALIDATION_FAILED for %s', async (_what, body) => {
    const res = await call('/api/auth/refresh', postJson(body))
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it('refuses tokens it never issued with 401 INVALID_TOKEN', async () => {
    const user = await registerUser(call)
    const forged = user.refreshToken.replace(/\.[\w-]{43}$/, `.${'A'.repeat(43)}`)
    for (const token of ['garbage', forged, user.refreshToken.replace('.0.', '.7.')]) {
      const { status, body } = await refresh(token)
      expect(status).toBe(401)
      expect(body.error.code).toBe('INVALID_TOKEN')
    }
    expect((await refresh(user.refreshToken)).status).toBe(200) // a forgery revokes nothing
  })
})

describe('POST /api/auth/logout', { timeout: 30_000 }, () => {
  it('ends the session: 204, and its refresh token no longer works', async () => {
    const user = await registerUser(call)
    const other = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: user.password }),
    )
    const otherToken = ((await other.json()) as { refreshToken: string }).refreshToken
    const res = await call('/api/auth/logout', postJson({ refreshToken: user.refreshToken }))
    expect(res.status).toBe(204)
    expect((await refresh(user.refreshToken)).status).toBe(401)
    expect((await refresh(otherToken)).status).toBe(200) // other sessions go on
  })

  it('answers 204 for an unknown token and 400 for a missing one', async () => {
    expect((await call('/api/auth/logout', postJson({ refreshToken: 'not-a-token' }))).status).toBe(
      204,
    )
    const res = await call('/api/auth/logout', postJson({}))
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })
})
