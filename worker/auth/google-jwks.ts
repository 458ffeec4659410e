import { z } from 'zod'

/**
 * `GOOGLE_JWKS_URL`: Google's OIDC signing keys. Google signs Sign-In ID tokens and the
 * OIDC tokens of Pub/Sub push subscriptions with the same keys
 * (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions), so this one
 * setting serves Sign in with Google (`./config.ts`) and the Play notifications webhook
 * (`worker/purchases/google/config.ts`). Kept apart from `./config.ts` so the purchases
 * schema does not pull in the auth bindings' types.
 *
 * @example
 * z.object({ GOOGLE_JWKS_URL: googleJwksUrl }).parse({}) // { GOOGLE_JWKS_URL: 'https://www.googleapis.com/oauth2/v3/certs' }
 */
export const googleJwksUrl = z.url().default('https://www.googleapis.com/oauth2/v3/certs')
