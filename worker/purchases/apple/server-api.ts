import { importPKCS8, SignJWT } from 'jose'
import { ApiError } from '../../../shared/errors'
import type { StoreEnvironment } from '../environment'
import type { AppleApiConfig } from './config'
import type { AppleTrust } from './jws'
import { type AppleTransaction, decodeSignedTransaction } from './transaction'

const AUDIENCE = 'appstoreconnect-v1'
/** Apple refuses tokens that live longer than 60 minutes; ours live five. */
const TOKEN_SECONDS = 300
const TIMEOUT_MS = 5000

export type AppStoreServerApiOptions = {
  config: AppleApiConfig
  fetch?: typeof fetch
  now?: () => Date
}

const signingKeys = new Map<string, Promise<CryptoKey>>()

/**
 * A client of the App Store Server API (https://developer.apple.com/documentation/appstoreserverapi)
 * for the calls this backend makes: each request carries an ES256 JWT with the issuer id,
 * key id (`kid`), bundle id (`bid`) and `aud: appstoreconnect-v1`.
 *
 * @example
 * const api = new AppStoreServerApi({ config: readAppleApiConfig(env) })
 * const signed = await api.getTransactionInfo('2000000123456789', 'Production')
 */
export class AppStoreServerApi {
  readonly #config: AppleApiConfig
  readonly #fetch: typeof fetch
  readonly #now: () => Date

  constructor(options: AppStoreServerApiOptions) {
    this.#config = options.config
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.#now = options.now ?? (() => new Date())
  }

  /** `GET /inApps/v1/transactions/{transactionId}`: the signed transaction, or null if unknown. */
  async getTransactionInfo(
    transactionId: string,
    environment: StoreEnvironment,
  ): Promise<string | null> {
    const base =
      environment === 'Production'
        ? this.#config.APPLE_API_URL_PRODUCTION
        : this.#config.APPLE_API_URL_SANDBOX
    const url = `${base.replace(/\/$/, '')}/inApps/v1/transactions/${encodeURIComponent(transactionId)}`
    const res = await this.#fetch(url, {
      headers: { Authorization: `Bearer ${await this.token()}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch((cause: unknown) => {
      throw unavailable('unreachable', cause)
    })
    if (res.status === 404) return null
    if (!res.ok) throw unavailable(`status ${res.status}`)
    const body = (await res.json().catch(() => null)) as { signedTransactionInfo?: unknown } | null
    if (typeof body?.signedTransactionInfo !== 'string') throw unavailable('unexpected answer')
    return body.signedTransactionInfo
  }

  /** The bearer token Apple expects (https://developer.apple.com/documentation/appstoreserverapi/generating-json-web-tokens-for-api-requests). */
  async token(): Promise<string> {
    const iat = Math.floor(this.#now().getTime() / 1000)
    return new SignJWT({ bid: this.#config.APPLE_BUNDLE_ID })
      .setProtectedHeader({ alg: 'ES256', kid: this.#config.APPLE_API_KEY_ID, typ: 'JWT' })
      .setIssuer(this.#config.APPLE_API_ISSUER_ID)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_SECONDS)
      .sign(await this.#signingKey())
  }

  #signingKey(): Promise<CryptoKey> {
    const pem = this.#config.APPLE_API_PRIVATE_KEY
    let key = signingKeys.get(pem)
    if (!key) {
      key = importPKCS8(pem.replaceAll('\\n', '\n'), 'ES256')
      key.catch(() => signingKeys.delete(pem))
      signingKeys.set(pem, key)
    }
    return key
  }
}

/**
 * Looks a transaction up by id and verifies Apple's answer with the same chain checks as
 * a client-submitted one (for webhooks and reconciliation).
 *
 * @example
 * const txn = await lookUpTransaction(api, '2000000123456789', 'Production', trust)
 */
export async function lookUpTransaction(
  api: AppStoreServerApi,
  transactionId: string,
  environment: StoreEnvironment,
  trust: AppleTrust,
): Promise<AppleTransaction | null> {
  const signed = await api.getTransactionInfo(transactionId, environment)
  return signed === null ? null : decodeSignedTransaction(signed, trust)
}

function unavailable(why: string, cause?: unknown): ApiError {
  return new ApiError('STORE_UNAVAILABLE', 'The App Store could not be reached; try again.', {
    details: { store: 'apple' },
    cause: cause ?? new Error(why),
  })
}
