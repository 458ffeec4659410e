import { z } from 'zod'
import { googleJwksUrl } from './google-jwks'
import type { RevocationKv } from './revocations'

/** A private Ed25519 JWK as `ACCESS_TOKEN_KEYS` holds it. */
const SigningJwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(43),
  d: z.string().min(43),
  kid: z.string().min(1).max(64),
})
export type SigningJwk = z.infer<typeof SigningJwk>

/**
 * `ACCESS_TOKEN_KEYS`: a JSON array of private JWKs; the first signs, every one verifies
 * (rotation: prepend the new key, wait one access-token lifetime, drop the old one).
 */
const SigningKeyList = z.string().transform((text, ctx) => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' })
    return z.NEVER
  }
  const keys = z.array(SigningJwk).min(1).max(5).safeParse(value)
  const kids = keys.success ? new Set(keys.data.map((k) => k.kid)) : undefined
  if (!keys.success || kids?.size !== keys.data.length) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected 1-5 Ed25519 private JWKs with distinct kids',
    })
    return z.NEVER
  }
  return { text, keys: keys.data }
})

const KvBinding = z.custom<RevocationKv>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RevocationKv).get === 'function',
  'expected a KV namespace binding',
)

/** What every account and session route needs: token keys and claims, pepper, revocations. */
export const authConfigSchema = z.object({
  AUTH_ISSUER: z.string().min(1).default('ielts-genai-prep-api'),
  AUTH_AUDIENCE: z.string().min(1).default('ielts-genai-prep-app'),
  ACCESS_TOKEN_KEYS: SigningKeyList,
  PASSWORD_PEPPER: z.string().min(32),
  REVOCATIONS: KvBinding,
})

export type AuthConfig = z.infer<typeof authConfigSchema>

const clientIdList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(1).max(255)).min(1))

/** Sign in with Apple: our app's client ids (bundle / services ids) and Apple's JWKS. */
export const appleSignInConfigSchema = z.object({
  APPLE_CLIENT_IDS: clientIdList,
  APPLE_JWKS_URL: z.url().default('https://appleid.apple.com/auth/keys'),
})

/** Sign in with Google: our OAuth client ids (iOS, Android, web) and Google's JWKS (shared). */
export const googleSignInConfigSchema = z.object({
  GOOGLE_CLIENT_IDS: clientIdList,
  GOOGLE_JWKS_URL: googleJwksUrl,
})
