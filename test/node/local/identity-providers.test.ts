import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../../local/commands/id-token'
import { LOCAL_EDGE_CREDENTIALS } from '../../../local/credentials'
import type { Emulator } from '../../../local/emulators'
import { identityProviders, LOCAL_CLIENT_IDS } from '../../../local/emulators/identity-providers'
import { localAuthSecrets } from '../../../local/emulators/identity-providers/local-secrets'

let idp: Emulator
let base: string

beforeAll(async () => {
  idp = await identityProviders({ edgeCredentials: LOCAL_EDGE_CREDENTIALS })
  base = idp.urls.identityProviders!
})
afterAll(() => idp.stop())

async function mint(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${base}/mint`, { method: 'POST', body: JSON.stringify(body) })
  expect(res.status).toBe(200)
  return ((await res.json()) as { token: string }).token
}

const verifyWith =
  (jwksUrl: string, audience: string, issuer: string | string[]) => (token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(jwksUrl)), {
      algorithms: ['RS256'],
      audience,
      issuer,
    })

describe('identity-provider emulator', () => {
  it('points the worker at its JWKS and client ids and hands it local auth secrets', () => {
    expect(idp.vars).toMatchObject({
      APPLE_JWKS_URL: `${base}/apple/auth/keys`,
      GOOGLE_JWKS_URL: `${base}/google/oauth2/v3/certs`,
      APPLE_CLIENT_IDS: LOCAL_CLIENT_IDS.apple,
      GOOGLE_CLIENT_IDS: LOCAL_CLIENT_IDS.google,
    })
    const [key] = JSON.parse(idp.vars.ACCESS_TOKEN_KEYS!) as Record<string, string>[]
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: expect.any(String) })
    expect(key!.d).toBeTruthy()
    expect(idp.vars.PASSWORD_PEPPER!.length).toBeGreaterThanOrEqual(32)
  })

  it('serves RS256 public keys only, at each provider’s path', async () => {
    for (const path of ['/apple/auth/keys', '/google/oauth2/v3/certs']) {
      const res = await fetch(`${base}${path}`)
      const { keys } = (await res.json()) as { keys: Record<string, string>[] }
      expect(keys).toHaveLength(2)
      for (const key of keys) {
        expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })
        expect(key).not.toHaveProperty('d')
      }
    }
  })

  it('mints Apple identity tokens shaped like Apple’s, with the nonce hashed', async () => {
    const token = await mint({ provider: 'apple', email: 'ada@example.com', nonce: 'raw-nonce' })
    const { payload } = await verifyWith(
      idp.vars.APPLE_JWKS_URL!,
      LOCAL_CLIENT_IDS.apple,
      'https://appleid.apple.com',
    )(token)
    expect(payload).toMatchObject({
      email: 'ada@example.com',
      email_verified: 'true',
      nonce: createHash('sha256').update('raw-nonce').digest('hex'),
      nonce_supported: true,
    })
    expect(payload.sub).toMatch(/^\d{3}[0-9a-f]{3}\.[0-9a-f]{32}\.[0-9a-f]{4}$/)
  })

  it('mints Google ID tokens with the raw nonce and a stable subject per email', async () => {
    const verify = verifyWith(
      idp.vars.GOOGLE_JWKS_URL!,
      LOCAL_CLIENT_IDS.google,
      'https://accounts.google.com',
    )
    const a = await verify(await mint({ provider: 'google', email: 'bo@example.com', nonce: 'n1' }))
    const b = await verify(await mint({ provider: 'google', email: 'BO@example.com' }))
    expect(a.payload).toMatchObject({
      email_verified: true,
      nonce: 'n1',
      azp: LOCAL_CLIENT_IDS.google,
    })
    expect(a.payload.sub).toBe(b.payload.sub)
    expect(a.payload.sub).toMatch(/^\d{21}$/)
  })

  it('mints the broken tokens tests need, which a verifier refuses', async () => {
    const verify = verifyWith(
      idp.vars.GOOGLE_JWKS_URL!,
      LOCAL_CLIENT_IDS.google,
      'https://accounts.google.com',
    )
    const email = 'cy@example.com'
    await expect(
      verify(await mint({ provider: 'google', email, untrusted: true })),
    ).rejects.toThrow(/signature/)
    await expect(verify(await mint({ provider: 'google', email, expiresIn: -60 }))).rejects.toThrow(
      /exp/,
    )
    await expect(
      verify(await mint({ provider: 'google', email, audience: 'other' })),
    ).rejects.toThrow(/aud/)
  })

  it('refuses a malformed mint request', async () => {
    const res = await fetch(`${base}/mint`, {
      method: 'POST',
      body: JSON.stringify({ provider: 'facebook' }),
    })
    expect(res.status).toBe(400)
  })
})

describe('local auth secrets', () => {
  it('are fresh for every stack without a data directory (tests)', () => {
    expect(localAuthSecrets().PASSWORD_PEPPER).not.toBe(localAuthSecrets().PASSWORD_PEPPER)
  })

  it('persist in the dev data directory, readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-secrets-'))
    try {
      const first = localAuthSecrets(dir)
      expect(localAuthSecrets(dir)).toEqual(first)
      expect(statSync(join(dir, 'auth-secrets.json')).mode & 0o777).toBe(0o600)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('npm run local -- id-token', () => {
  it('parses a provider, an email and options', () => {
    expect(parseArgs(['apple', 'ada@example.com', '--nonce', 'n', '--sub', 's'])).toEqual({
      provider: 'apple',
      email: 'ada@example.com',
      sub: 's',
      nonce: 'n',
    })
    expect(() => parseArgs(['facebook', 'a@b.c'])).toThrow(/usage/)
    expect(() => parseArgs(['google', 'a@b.c', '--colour'])).toThrow(/usage/)
  })
})
