import { env } from 'cloudflare:workers'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../../worker/services/config'
import { callApp } from '../support/stack'
import { registerUser } from '../support/users'

const call = callApp(env)

describe('GET /.well-known/jwks.json', { timeout: 30_000 }, () => {
  it('publishes the public half of every key, cacheable, and it verifies our access tokens', async () => {
    const res = await call('/.well-known/jwks.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    const jwks = (await res.json()) as { keys: Record<string, string>[] }
    const configured = readConfig(env).auth.ACCESS_TOKEN_KEYS.keys
    expect(jwks.keys.map((k) => k.kid)).toEqual(configured.map((k) => k.kid))
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
      expect(key).not.toHaveProperty('d')
    }
    const user = await registerUser(call)
    const config = readConfig(env).auth
    const { payload, protectedHeader } = await jwtVerify(
      user.accessToken,
      createLocalJWKSet(jwks as never),
      {
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
      },
    )
    expect(payload.sub).toBe(user.id)
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' })
  })
})
