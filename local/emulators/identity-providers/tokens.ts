import { createHash, randomBytes } from 'node:crypto'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'

export type Provider = 'apple' | 'google'

/** What the emulator signs with: the keys its JWKS publishes, and one it never publishes. */
export type ProviderKeys = {
  published: { kid: string; privateKey: CryptoKey; jwk: JWK }[]
  /** Same `kid` as the first published key, different key: a forged signature. */
  untrusted: CryptoKey
}

export type MintRequest = {
  provider: Provider
  email: string
  /** The provider's stable user id; derived from the email when absent. */
  sub?: string
  /** The raw nonce the app generated (Apple receives and echoes its SHA-256, Google the raw value). */
  nonce?: string
  /** Defaults to the first configured client id. */
  audience?: string
  /** Seconds from now; negative mints an expired token. Default 600. */
  expiresIn?: number
  emailVerified?: boolean
  /** Sign with a key the JWKS does not publish (bad signature). */
  untrusted?: boolean
  /** Override the issuer (wrong-issuer tests). */
  issuer?: string
}

export const ISSUERS: Record<Provider, string> = {
  apple: 'https://appleid.apple.com',
  google: 'https://accounts.google.com',
}

/** Two RS256 keys published per provider (both sign ID tokens with RS256), plus a forger's key. */
export async function generateProviderKeys(provider: Provider): Promise<ProviderKeys> {
  const published = []
  for (let i = 0; i < 2; i++) {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
    const kid = `${provider}-local-${randomBytes(5).toString('hex')}`
    published.push({
      kid,
      privateKey,
      jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    })
  }
  const { privateKey: untrusted } = await generateKeyPair('RS256')
  return { published, untrusted }
}

/** The JWKS document the provider serves (`/auth/keys`, `/oauth2/v3/certs`). */
export function jwksDocument(keys: ProviderKeys): { keys: JWK[] } {
  return { keys: keys.published.map((key) => key.jwk) }
}

/**
 * Signs an ID token shaped like the provider's: Apple's identity token (string
 * `email_verified`, `nonce` = hex SHA-256 of the app's raw nonce, `nonce_supported`) or
 * Google's ID token (`azp`, boolean `email_verified`, raw `nonce`).
 *
 * @example
 * await mintIdToken(keys, { provider: 'apple', email: 'ada@example.com' }, ['com.example.app'])
 */
export async function mintIdToken(
  keys: ProviderKeys,
  request: MintRequest,
  clientIds: readonly string[],
  now = Date.now(),
): Promise<string> {
  const signer = keys.published[0]!
  const iat = Math.floor(now / 1000)
  const audience = request.audience ?? clientIds[0]!
  const claims =
    request.provider === 'apple' ? appleClaims(request, iat) : googleClaims(request, audience)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: signer.kid })
    .setIssuer(request.issuer ?? ISSUERS[request.provider])
    .setAudience(audience)
    .setSubject(request.sub ?? defaultSubject(request.provider, request.email))
    .setIssuedAt(iat)
    .setExpirationTime(iat + (request.expiresIn ?? 600))
    .sign(request.untrusted ? keys.untrusted : signer.privateKey)
}

function appleClaims(request: MintRequest, iat: number): Record<string, unknown> {
  const verified = request.emailVerified ?? true
  return {
    email: request.email,
    email_verified: String(verified),
    is_private_email: String(request.email.endsWith('@privaterelay.appleid.com')),
    auth_time: iat,
    nonce_supported: true,
    ...(request.nonce ? { nonce: sha256Hex(request.nonce) } : {}),
  }
}

function googleClaims(request: MintRequest, audience: string): Record<string, unknown> {
  return {
    azp: audience,
    email: request.email,
    email_verified: request.emailVerified ?? true,
    ...(request.nonce ? { nonce: request.nonce } : {}),
  }
}

/** A stable subject per email, in each provider's format. */
export function defaultSubject(provider: Provider, email: string): string {
  const digest = createHash('sha256').update(`${provider}:${email.toLowerCase()}`).digest('hex')
  if (provider === 'apple')
    return `000${digest.slice(0, 3)}.${digest.slice(3, 35)}.${digest.slice(35, 39)}`
  return BigInt(`0x${digest.slice(0, 16)}`)
    .toString()
    .padStart(21, '1')
    .slice(0, 21)
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
