import { env } from 'cloudflare:workers'
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { callApp } from '../support/stack'
import { accessTokenKey, authConfig, forgeAccessToken, nowSeconds } from '../support/tokens'
import { authHeaders, registerUser, type TestUser } from '../support/users'
import { errorOf } from './helpers'

const call = callApp(env)

let user: TestUser

beforeAll(async () => {
  user = await registerUser(call)
}, 30_000)

const encode = (value: unknown) => base64url.encode(JSON.stringify(value))

async function me(token: string) {
  return call('/api/me', { headers: authHeaders(token) })
}

async function expectRefused(token: string) {
  const res = await me(token)
  expect(res.status).toBe(401)
  expect((await errorOf(res)).code).toBe('INVALID_TOKEN')
  expect(res.headers.get('www-authenticate')).toContain('invalid_token')
}

describe('access tokens at GET /api/me', { timeout: 30_000 }, () => {
  it('accepts a token signed as the worker signs them (the control for every attack below)', async () => {
    expect((await me(await forgeAccessToken(user))).status).toBe(200)
    expect((await me(user.accessToken)).status).toBe(200)
  })

  it('refuses alg "none"', async () => {
    const [, payload] = (await forgeAccessToken(user)).split('.')
    await expectRefused(
      `${encode({ alg: 'none', typ: 'at+jwt', kid: accessTokenKey.kid })}.${payload}.`,
    )
  })

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const publicJwk = {
      kty: accessTokenKey.kty,
      crv: accessTokenKey.crv,
      x: accessTokenKey.x,
      kid: accessTokenKey.kid,
    }
    const secrets = [
      base64url.decode(accessTokenKey.x),
      new TextEncoder().encode(JSON.stringify(publicJwk)),
    ]
    for (const secret of secrets) {
      const token = await new SignJWT({
        ...JSON.parse(
          atob(
            (await forgeAccessToken(user)).split('.')[1]!.replaceAll('-', '+').replaceAll('_', '/'),
          ),
        ),
      })
        .setProtectedHeader({ alg: 'HS256', kid: accessTokenKey.kid, typ: 'at+jwt' })
        .sign(secret)
      await expectRefused(token)
    }
  })

  it('refuses a wrong audience', async () => {
    await expectRefused(await forgeAccessToken(user, { aud: 'some-other-api' }))
  })

  it('refuses a wrong issuer', async () => {
    await expectRefused(await forgeAccessToken(user, { iss: 'https://evil.example' }))
  })

  it('refuses an expired token', async () => {
    await expectRefused(
      await forgeAccessToken(user, {
        iat: nowSeconds() - 1000,
        nbf: nowSeconds() - 1000,
        exp: nowSeconds() - 100,
      }),
    )
  })

  it('refuses a token not yet valid (nbf in the future)', async () => {
    await expectRefused(await forgeAccessToken(user, { nbf: nowSeconds() + 600 }))
  })

  it('refuses an unknown kid, and a known kid with another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    await expectRefused(await forgeAccessToken(user, {}, { kid: 'attacker-key' }, privateKey))
    await expectRefused(await forgeAccessToken(user, {}, {}, privateKey))
  })

  it('refuses a tampered payload (another user id, same signature)', async () => {
    const [header, , signature] = (await forgeAccessToken(user)).split('.')
    const other = encode({
      iss: authConfig.AUTH_ISSUER,
      aud: authConfig.AUTH_AUDIENCE,
      sub: crypto.randomUUID(),
      jti: 'x',
      hr: 'us-east-1',
      email: 'e@example.test',
      iat: nowSeconds(),
      nbf: nowSeconds(),
      exp: nowSeconds() + 900,
    })
    await expectRefused(`${header}.${other}.${signature}`)
  })

  it('refuses another token type, an unknown home region and a non-UUID subject', async () => {
    await expectRefused(await forgeAccessToken(user, {}, { typ: 'JWT' }))
    await expectRefused(await forgeAccessToken(user, { hr: 'mars-north-1' }))
    await expectRefused(await forgeAccessToken(user, { sub: 'admin' }))
  })

  it('pins the algorithm: our own key under another alg name (Ed25519) is refused', async () => {
    await expectRefused(await forgeAccessToken(user, {}, { alg: 'Ed25519' }))
  })

  it('refuses other algorithms even with a key of ours in the header', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256')
    const jwk = await exportJWK(publicKey)
    await expectRefused(await forgeAccessToken(user, {}, { alg: 'ES256', jwk }, privateKey))
  })

  it('answers UNAUTHORIZED without a header and INVALID_TOKEN for a malformed one', async () => {
    const none = await call('/api/me')
    expect(none.status).toBe(401)
    expect((await errorOf(none)).code).toBe('UNAUTHORIZED')
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', `Bearer ${user.accessToken} extra`]) {
      const res = await call('/api/me', { headers: { Authorization: header } })
      expect(res.status).toBe(401)
      expect((await errorOf(res)).code).toBe('INVALID_TOKEN')
    }
  })
})
