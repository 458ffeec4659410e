import { env } from 'cloudflare:workers'
import { importJWK, SignJWT } from 'jose'
import { readConfig } from '../../../worker/services/config'
import type { TestUser } from './users'

/** The worker's auth configuration under test. */
export const authConfig = readConfig(env).auth
/** The key the worker signs access tokens with. */
export const accessTokenKey = authConfig.ACCESS_TOKEN_KEYS.keys[0]!

/** Seconds since the epoch, as JWT times are written. */
export const nowSeconds = () => Math.floor(Date.now() / 1000)

/**
 * An access token for `subject` as the worker signs them (its issuer, audience, key and
 * claims), with `claims` and `header` overriding, and signed by `key` instead when given:
 * the control every token attack is measured against.
 */
export async function forgeAccessToken(
  subject: TestUser,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  key?: CryptoKey,
) {
  const iat = nowSeconds()
  const payload = {
    iss: authConfig.AUTH_ISSUER,
    aud: authConfig.AUTH_AUDIENCE,
    sub: subject.id,
    jti: crypto.randomUUID(),
    hr: subject.homeRegion,
    email: subject.email,
    iat,
    nbf: iat,
    exp: iat + 900,
    ...claims,
  }
  const signingKey = key ?? ((await importJWK(accessTokenKey, 'EdDSA')) as CryptoKey)
  return new SignJWT(payload)
    .setProtectedHeader({
      alg: 'EdDSA',
      kid: accessTokenKey.kid,
      typ: 'at+jwt',
      ...header,
    } as never)
    .sign(signingKey)
}
