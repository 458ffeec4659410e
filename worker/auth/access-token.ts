import { jwtVerify, SignJWT } from 'jose'
import { ApiError } from '../../shared/errors'
import { isRegion, type Region } from '../../shared/regions'
import { BoundedCache } from './bounded-cache'
import type { AuthConfig } from './config'
import type { AuthUser } from './context'
import { ACCESS_TOKEN_ALG, type SigningKeys, signingKeys } from './signing-keys'

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60
/** RFC 9068's media type: a token of another kind signed by the same key is refused. */
export const ACCESS_TOKEN_TYPE = 'at+jwt'
const CACHE_SIZE = 5_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Who an access token is for. */
export type AccessSubject = { id: string; email: string; homeRegion: Region }

/** A token that passed every check: the caller, and when the token was issued (seconds). */
export type VerifiedAccess = { user: AuthUser; issuedAt: number; expiresAt: number }

type TokenConfig = Pick<AuthConfig, 'ACCESS_TOKEN_KEYS' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>

/**
 * Signs a 15-minute access token (EdDSA, `typ: at+jwt`) with the first configured key.
 * Claims: `iss`, `aud`, `sub`, `jti`, `iat`, `nbf`, `exp`, `hr` (home region), `email`.
 *
 * @example
 * const { token, expiresIn } = await issueAccessToken(config, { id, email, homeRegion }, Date.now())
 */
export async function issueAccessToken(config: TokenConfig, subject: AccessSubject, now: number) {
  const { signer } = await signingKeys(config)
  const iat = Math.floor(now / 1000)
  const token = await new SignJWT({ hr: subject.homeRegion, email: subject.email })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: signer.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setSubject(subject.id)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(signer.key)
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS }
}

/**
 * Verifies access tokens: algorithm pinned to EdDSA, `kid` one of ours, `typ`, `iss`,
 * `aud`, `exp` and `nbf` checked. Each distinct token is verified once per isolate and
 * then served from a bounded cache until its `exp` (the revocation check stays per
 * request, in `requireAuth`).
 */
export class AccessTokenVerifier {
  readonly #config: TokenConfig
  readonly #cache = new BoundedCache<string, VerifiedAccess>(CACHE_SIZE)

  constructor(config: TokenConfig) {
    this.#config = config
  }

  async verify(token: string, now: number): Promise<VerifiedAccess> {
    const cached = this.#cache.get(token)
    if (cached && cached.expiresAt * 1000 > now) return cached
    if (cached) this.#cache.delete(token)
    const verified = await this.#verifySignature(await signingKeys(this.#config), token, now)
    this.#cache.set(token, verified)
    return verified
  }

  async #verifySignature(keys: SigningKeys, token: string, now: number): Promise<VerifiedAccess> {
    try {
      const { payload } = await jwtVerify(token, (header) => keyFor(keys, header.kid), {
        algorithms: [ACCESS_TOKEN_ALG],
        issuer: this.#config.AUTH_ISSUER,
        audience: this.#config.AUTH_AUDIENCE,
        typ: ACCESS_TOKEN_TYPE,
        currentDate: new Date(now),
        requiredClaims: ['sub', 'jti', 'iat', 'nbf', 'exp'],
      })
      const { sub, jti, hr, email, iat, exp } = payload
      if (!sub || !UUID.test(sub) || !isRegion(hr) || typeof email !== 'string' || !jti) {
        throw new Error('claims')
      }
      return {
        user: { id: sub, homeRegion: hr, tokenId: jti, email },
        issuedAt: iat!,
        expiresAt: exp!,
      }
    } catch {
      throw invalidToken()
    }
  }
}

function keyFor(keys: SigningKeys, kid: string | undefined): CryptoKey {
  const key = kid === undefined ? undefined : keys.verifiers.get(kid)
  if (!key) throw new Error('unknown kid')
  return key
}

/** 401 `INVALID_TOKEN` with the RFC 6750 challenge. */
export function invalidToken(message = 'The access token is invalid or expired; refresh it.') {
  return new ApiError('INVALID_TOKEN', message, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  })
}

const verifiers = new Map<string, AccessTokenVerifier>()

/** The isolate's verifier for this configuration (keys, issuer, audience). */
export function accessTokenVerifier(config: TokenConfig): AccessTokenVerifier {
  const id = `${config.AUTH_ISSUER}\n${config.AUTH_AUDIENCE}\n${config.ACCESS_TOKEN_KEYS.text}`
  let verifier = verifiers.get(id)
  if (!verifier) {
    verifier = new AccessTokenVerifier(config)
    verifiers.set(id, verifier)
  }
  return verifier
}
