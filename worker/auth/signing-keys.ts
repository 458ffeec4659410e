import { importJWK, type JWK } from 'jose'
import type { AuthConfig, SigningJwk } from './config'

export const ACCESS_TOKEN_ALG = 'EdDSA'

/** The imported access-token keys: the first signs, all of them verify (rotation). */
export type SigningKeys = {
  signer: { kid: string; key: CryptoKey }
  verifiers: ReadonlyMap<string, CryptoKey>
  /** The public halves, as `GET /.well-known/jwks.json` publishes them. */
  publicJwks: JWK[]
}

// Imported once per isolate and secret value: key import is the costly part of signing.
const imported = new Map<string, Promise<SigningKeys>>()

/**
 * The keys of `ACCESS_TOKEN_KEYS`, imported once per isolate.
 *
 * @example
 * const { signer } = await signingKeys(readAuthConfig(c.env))
 */
export function signingKeys(config: Pick<AuthConfig, 'ACCESS_TOKEN_KEYS'>): Promise<SigningKeys> {
  const { text, keys } = config.ACCESS_TOKEN_KEYS
  let found = imported.get(text)
  if (!found) {
    found = importAll(keys)
    // A failed import (a malformed key) must not stay cached for the isolate's lifetime.
    found.catch(() => imported.delete(text))
    imported.set(text, found)
  }
  return found
}

async function importAll(keys: SigningJwk[]): Promise<SigningKeys> {
  const publicJwks = keys.map(publicJwk)
  const verifiers = new Map<string, CryptoKey>()
  for (const jwk of publicJwks) {
    verifiers.set(jwk.kid!, (await importJWK(jwk, ACCESS_TOKEN_ALG)) as CryptoKey)
  }
  const first = keys[0]!
  const key = (await importJWK(first, ACCESS_TOKEN_ALG)) as CryptoKey
  return { signer: { kid: first.kid, key }, verifiers, publicJwks }
}

function publicJwk({ kty, crv, x, kid }: SigningJwk): JWK {
  return { kty, crv, x, kid, alg: ACCESS_TOKEN_ALG, use: 'sig' }
}
