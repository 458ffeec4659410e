import { env } from 'cloudflare:workers'
import { base64url, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../../worker/services/config'
import { callApp } from '../support/stack'
import { authHeaders, registerUser, type TestUser } from '../support/users'
import { errorOf } from './helpers'

const call = callApp(env)
const config = readConfig(env).auth
const signer = config.ACCESS_TOKEN_KEYS.keys[0]!
const now = () => Math.floor(Date.now() / 1000)

let user: TestUser

beforeAll(async () => {
  user = await registerUser(call)
}, 30_000)

/** A token as the worker would sign it, with `changes` applied to claims and header. */
async function forge(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  key?: CryptoKey,
) {
  const iat = now()
  const payload = {
    iss: config.AUTH_ISSUER,
    aud: config.AUTH_AUDIENCE,
    sub: user.id,
    jti: crypto.randomUUID(),
    hr: 'us-east-1',
    email: user.email,
    iat,
    nbf: iat,
    exp: iat + 900,
    ...claims,
  }
  const signingKey = key ?? ((await importJWK(signer, 'EdDSA')) as CryptoKey)
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA', kid: signer.kid, typ: 'at+jwt', ...header } as never)
    .sign(signingKey)
}

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
    expect((await me(await forge())).status).toBe(200)
    expect((await me(user.accessToken)).status).toBe(200)
  })

  it('refuses alg "none"', async () => {
    const [, payload] = (await forge()).split('.')
    await expectRefused(`${encode({ alg: 'none', typ: 'at+jwt', kid: signer.kid })}.${payload}.`)
  })

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const publicJwk = { kty: signer.kty, crv: signer.crv, x: signer.x, kid: signer.kid }
    const secrets = [
      base64url.decode(signer.x),
      new TextEncoder().encode(JSON.stringify(publicJwk)),
    ]
    for (const secret of secrets) {
      const token = await new SignJWT({
        ...JSON.parse(
          atob((await forge()).split('.')[1]!.replaceAll('-', '+').replaceAll('_', '/')),
        ),
      })
        .setProtectedHeader({ alg: 'HS256', kid: signer.kid, typ: 'at+jwt' })
        .sign(secret)
      await expectRefused(token)
    }
  })

  it('refuses a wrong audience', async () => {
    await expectRefused(await forge({ aud: 'some-other-api' }))
  })

  it('refuses a wrong issuer', async () => {
    await expectRefused(await forge({ iss: 'https://evil.example' }))
  })

  it('refuses an expired token', async () => {
    await expectRefused(await forge({ iat: now() - 1000, nbf: now() - 1000, exp: now() - 100 }))
  })

  it('refuses a token not yet valid (nbf in the future)', async () => {
    await expectRefused(await forge({ nbf: now() + 600 }))
  })

  it('refuses an unknown kid, and a known kid with another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    await expectRefused(await forge({}, { kid: 'attacker-key' }, privateKey))
    await expectRefused(await forge({}, {}, privateKey))
  })

  it('refuses a tampered payload (another user id, same signature)', async () => {
    const [header, , signature] = (await forge()).split('.')
    const other = encode({
      iss: config.AUTH_ISSUER,
      aud: config.AUTH_AUDIENCE,
      sub: crypto.randomUUID(),
      jti: 'x',
      hr: 'us-east-1',
      email: 'e@example.test',
      iat: now(),
      nbf: now(),
      exp: now() + 900,
    })
    await expectRefused(`${header}.${other}.${signature}`)
  })

  it('refuses another token type, an unknown home region and a non-UUID subject', async () => {
    await expectRefused(await forge({}, { typ: 'JWT' }))
    await expectRefused(await forge({ hr: 'mars-north-1' }))
    await expectRefused(await forge({ sub: 'admin' }))
  })

  it('pins the algorithm: our own key under another alg name (Ed25519) is refused', async () => {
    await expectRefused(await forge({}, { alg: 'Ed25519' }))
  })

  it('refuses other algorithms even with a key of ours in the header', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256')
    const jwk = await exportJWK(publicKey)
    await expectRefused(await forge({}, { alg: 'ES256', jwk }, privateKey))
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
