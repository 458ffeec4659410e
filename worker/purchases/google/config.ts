import { z } from 'zod'
import { googleJwksUrl } from '../../auth/google-jwks'

/** The parts of a Google service-account key file (JSON) the OAuth flow uses. */
const ServiceAccount = z.object({
  client_email: z.email(),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
  token_uri: z.url().default('https://oauth2.googleapis.com/token'),
})

export type ServiceAccount = z.infer<typeof ServiceAccount>

const json = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' })
    return z.NEVER
  }
})

/**
 * Google Play Developer API access: the app's package and the service account's key, and
 * whether a purchase must name its account (`obfuscatedExternalAccountId`). Requiring it
 * (the default in production) binds every token to one user as `appAccountToken` does on
 * Apple, so no other account can race its owner for the claim (see `grant.ts`).
 */
export const googleConfigSchema = z
  .object({
    DEPLOY_ENV: z.enum(['production', 'sandbox', 'local']),
    GOOGLE_PLAY_PACKAGE_NAME: z.string().min(1),
    /** The service-account key file as downloaded from Google Cloud (JSON). Secret. */
    GOOGLE_SERVICE_ACCOUNT_JSON: json.pipe(ServiceAccount),
    GOOGLE_PLAY_API_URL: z.url().default('https://androidpublisher.googleapis.com'),
    GOOGLE_REQUIRE_ACCOUNT_ID: z.enum(['true', 'false']).optional(),
  })
  .transform(({ GOOGLE_REQUIRE_ACCOUNT_ID: required, ...config }) => ({
    ...config,
    GOOGLE_REQUIRE_ACCOUNT_ID:
      required === undefined ? config.DEPLOY_ENV === 'production' : required === 'true',
  }))

export type GoogleConfig = z.infer<typeof googleConfigSchema>

/** What the Play Developer API client needs of it. */
export type PlayApiConfig = Pick<
  GoogleConfig,
  'GOOGLE_PLAY_PACKAGE_NAME' | 'GOOGLE_SERVICE_ACCOUNT_JSON' | 'GOOGLE_PLAY_API_URL'
>

/** Real-time developer notifications: who may push them (Pub/Sub OIDC). */
export const pubsubConfigSchema = z.object({
  GOOGLE_PLAY_PACKAGE_NAME: z.string().min(1),
  /** The audience set on the push subscription (usually the webhook URL). */
  GOOGLE_PUBSUB_AUDIENCE: z.string().min(1),
  /** The service account the push subscription signs its tokens as. */
  GOOGLE_PUBSUB_SERVICE_ACCOUNT: z.email(),
  /** Google's OIDC keys: the same setting (and key set) that verifies Google Sign-In. */
  GOOGLE_JWKS_URL: googleJwksUrl,
})

export type PubSubConfig = z.infer<typeof pubsubConfigSchema>
