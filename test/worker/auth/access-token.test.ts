import { env } from 'cloudflare:workers'
import { exportJWK, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/errors'
import {
  ACCESS_TOKEN_TTL_SECONDS,
  AccessTokenVerifier,
  issueAccessToken,
} from '../../../worker/auth/access-token'
import { readConfig } from '../../../worker/services/config'
import { callApp } from '../support/stack'
import { authHeaders } from '../support/users'

async function newKey(kid: string) {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  return { ...(await exportJWK(privateKey)), kid }
}

function configWith(keys: object[]) {
  return readConfig({ ...env, ACCESS_TOKEN_KEYS: JSON.stringify(keys) }).auth
}

const subject = {
  id: crypto.randomUUID(),
  email: 'rot@example.test',
  homeRegion: 'eu-west-1' as const,
}

describe('access-token keys and verification', () => {
  it('keeps accepting tokens of the old key while a new one signs (rotation)', async () => {
    const [oldKey, newKeyJwk] = [await newKey('2030-01'), await newKey('2030-02')]
    const before = configWith([oldKey])
    const during = configWith([newKeyJwk, oldKey])
    const after = configWith([newKeyJwk])
    const now = Date.now()
    const oldToken = (await issueAccessToken(before, subject, now)).token
    const newToken = (await issueAccessToken(during, subject, now)).token
    expect(JSON.parse(atob(newToken.split('.')[0]!))).toMatchObject({ kid: '2030-02' })

    await expect(new AccessTokenVerifier(during).verify(oldToken, now)).resolves.toMatchObject({
      user: { id: subject.id, homeRegion: 'eu-west-1', email: subject.email },
    })
    await expect(new AccessTokenVerifier(after).verify(newToken, now)).resolves.toBeDefined()
    await expect(new AccessTokenVerifier(after).verify(oldToken, now)).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
    })
  })

  it('serves a verified token from the cache only until it expires', async () => {
    const config = configWith([await newKey('cache')])
    const now = Date.now()
    const { token } = await issueAccessToken(config, subject, now)
    const verifier = new AccessTokenVerifier(config)
    const first = await verifier.verify(token, now)
    expect(await verifier.verify(token, now + 1000)).toBe(first) // the cached object
    const late = now + ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000
    await expect(verifier.verify(token, late)).rejects.toMatchObject({ code: 'INVALID_TOKEN' })
  })

  it('names a malformed key list as BAD_ENVIRONMENT without echoing it', async () => {
    for (const value of ['not json', '[]', JSON.stringify([{ kty: 'RSA', kid: 'x' }])]) {
      const error = (() => {
        try {
          readConfig({ ...env, ACCESS_TOKEN_KEYS: value }).auth
        } catch (e) {
          return e as ApiError
        }
      })()
      expect(error).toBeInstanceOf(ApiError)
      expect(error?.code).toBe('BAD_ENVIRONMENT')
      expect(error?.message).toContain('ACCESS_TOKEN_KEYS')
      expect(error?.message).not.toContain(value)
    }
    const missing = await callApp({ ...env, PASSWORD_PEPPER: undefined })('/api/me', {
      headers: authHeaders('x.y.z'),
    })
    expect(missing.status).toBe(500)
    expect(await missing.text()).toContain('PASSWORD_PEPPER')
  })
})
