import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose'
import { ApiError } from '../../shared/errors'
import { sha256Hex } from '../lib/hashing'
import type { Identity, Provider } from './accounts'

/** A verified platform identity: who, and whether the provider vouches for the email. */
export type VerifiedIdentity = Identity & { emailVerified: boolean }

export type IdTokenOptions = {
  clientIds: readonly string[]
  jwksUrl: string
  /** The raw nonce the app generated, when it sent one. */
  nonce?: string
  now: number
}

const ISSUERS: Record<Provider, string[]> = {
  apple: ['https://appleid.apple.com'],
  // Google documents both forms: https://developers.google.com/identity/gsi/web/guides/verify-google-id-token
  google: ['https://accounts.google.com', 'accounts.google.com'],
}

const keySets = new Map<string, JWTVerifyGetKey>()

/** The provider's key set, fetched and cached per isolate (jose refetches on an unknown kid). */
function keySet(url: string): JWTVerifyGetKey {
  let set = keySets.get(url)
  if (!set) {
    set = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 3_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    })
    keySets.set(url, set)
  }
  return set
}

/**
 * Verifies a Sign in with Apple identity token: RS256 against Apple's JWKS, issuer
 * `https://appleid.apple.com`, audience one of our client ids, expiry, and — when the app
 * sends its raw nonce — `nonce` equal to the nonce's SHA-256 in hex (the app hands Apple
 * the hash, Apple echoes it in the token).
 *
 * @example
 * const identity = await verifyAppleIdentityToken(token, { clientIds, jwksUrl, nonce, now: Date.now() })
 */
export async function verifyAppleIdentityToken(token: string, options: IdTokenOptions) {
  const expected = options.nonce === undefined ? undefined : await sha256Hex(options.nonce)
  return verifyIdToken('apple', token, options, expected)
}

/**
 * Verifies a Google ID token: RS256 against Google's JWKS, issuer `accounts.google.com`
 * (either form), audience one of our client ids, expiry, and the raw `nonce` when given.
 */
export async function verifyGoogleIdToken(token: string, options: IdTokenOptions) {
  return verifyIdToken('google', token, options, options.nonce)
}

async function verifyIdToken(
  provider: Provider,
  token: string,
  options: IdTokenOptions,
  expectedNonce: string | undefined,
): Promise<VerifiedIdentity> {
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, keySet(options.jwksUrl), {
      algorithms: ['RS256'],
      issuer: ISSUERS[provider],
      audience: [...options.clientIds],
      currentDate: new Date(options.now),
      requiredClaims: ['sub', 'iat', 'exp'],
    }))
  } catch (error) {
    throw verificationFailure(provider, error)
  }
  if (expectedNonce !== undefined && payload.nonce !== expectedNonce) {
    throw invalid(provider, 'its nonce does not match the one sent')
  }
  const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : undefined
  // Apple sends "true"/"false" strings, Google booleans.
  const emailVerified = payload.email_verified === true || payload.email_verified === 'true'
  return { provider, subject: payload.sub!, email, emailVerified }
}

function verificationFailure(provider: Provider, error: unknown): ApiError {
  const unreachable =
    error instanceof errors.JWKSTimeout ||
    (error instanceof Error && !(error instanceof errors.JOSEError))
  if (unreachable) {
    return new ApiError(
      'UPSTREAM_ERROR',
      `Could not reach ${label(provider)} to check the token.`,
      {
        headers: { 'Retry-After': '5' },
      },
    )
  }
  return invalid(provider, 'it is expired, not for this app, or not signed by the provider')
}

function invalid(provider: Provider, why: string): ApiError {
  return new ApiError('INVALID_TOKEN', `The ${label(provider)} token was refused: ${why}.`)
}

const label = (provider: Provider) => (provider === 'apple' ? 'Apple' : 'Google')
