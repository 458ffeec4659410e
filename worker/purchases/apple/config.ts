import { z } from 'zod'
import { APPLE_ROOT_CA_G3_SHA256 } from './chain'

const fingerprint = z
  .string()
  .transform((text) => text.replaceAll(':', '').trim().toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256 fingerprint'))

/**
 * What Apple-signed data is checked against. Production refuses any root but Apple Root
 * CA - G3: a test root there (an emulator's, say) would let anyone who holds its key mint
 * purchases. The refusal names the variable, never its value (`worker/services/config.ts`).
 */
export const appleConfigSchema = z
  .object({
    DEPLOY_ENV: z.enum(['production', 'sandbox', 'local']),
    /** The app's bundle id; every transaction and notification must name it. */
    APPLE_BUNDLE_ID: z.string().min(1),
    /** SHA-256 of the trusted root certificate; Apple Root CA - G3 unless a local emulator's. */
    APPLE_ROOT_CA_SHA256: fingerprint.default(APPLE_ROOT_CA_G3_SHA256),
    /**
     * The app's Apple ID (App Store Connect, App Information): Production notifications
     * name it in `data.appAppleId` and must match it, as Apple's own SignedDataVerifier
     * requires. Sandbox notifications carry none. Required in production.
     */
    APPLE_APP_APPLE_ID: z.coerce.number().int().positive().optional(),
  })
  .refine(
    (c) => c.DEPLOY_ENV !== 'production' || c.APPLE_ROOT_CA_SHA256 === APPLE_ROOT_CA_G3_SHA256,
    { path: ['APPLE_ROOT_CA_SHA256'], message: 'must be Apple Root CA - G3 in production' },
  )
  .refine((c) => c.DEPLOY_ENV !== 'production' || c.APPLE_APP_APPLE_ID !== undefined, {
    path: ['APPLE_APP_APPLE_ID'],
    message: 'is required in production',
  })

/** The App Store Server API client's identity and hosts (only what calls the API needs). */
export const appleApiConfigSchema = z.object({
  APPLE_BUNDLE_ID: z.string().min(1),
  APPLE_API_ISSUER_ID: z.string().min(1),
  APPLE_API_KEY_ID: z.string().min(1),
  /** PKCS #8 PEM of the App Store Connect in-app purchase key (ES256). Secret. */
  APPLE_API_PRIVATE_KEY: z.string().includes('PRIVATE KEY'),
  APPLE_API_URL_PRODUCTION: z.url().default('https://api.storekit.itunes.apple.com'),
  APPLE_API_URL_SANDBOX: z.url().default('https://api.storekit-sandbox.itunes.apple.com'),
})

export type AppleApiConfig = z.infer<typeof appleApiConfigSchema>
