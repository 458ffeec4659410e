import { generateProviderKeys, type ProviderKeys } from './tokens'

let googleKeys: Promise<ProviderKeys> | undefined

/**
 * Google's OIDC signing keys for this process. Google signs Sign-In ID tokens and the
 * OIDC tokens of Pub/Sub push subscriptions with one key set, published at
 * https://www.googleapis.com/oauth2/v3/certs, and the worker reads both through one
 * setting (`GOOGLE_JWKS_URL`). Locally the identity-provider emulator publishes these
 * keys and signs ID tokens with them, and the Play emulator's Pub/Sub push sender signs
 * with them too; both run in the stack's one process, so they share them here. Generated
 * on first use, never written anywhere.
 *
 * @example
 * const keys = await googleOidcKeys() // the same pair for every caller in this process
 */
export function googleOidcKeys(): Promise<ProviderKeys> {
  googleKeys ??= generateProviderKeys('google')
  return googleKeys
}
