import { importPKCS8, SignJWT } from 'jose'
import { ApiError } from '../../../shared/errors'
import type { ServiceAccount } from './config'

export const ANDROID_PUBLISHER_SCOPE = 'https://www.googleapis.com/auth/androidpublisher'
/**
 * The `aud` of every service-account assertion, wherever `token_uri` points: "When making
 * an access token request this value is always https://oauth2.googleapis.com/token"
 * (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests).
 */
const TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token'
/** Refresh this long before Google's `expires_in` runs out, so no call carries a dying token. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000
const TIMEOUT_MS = 5000

type CachedToken = { token: Promise<string>; expiresAt: number }

/**
 * OAuth 2.0 access tokens for a service account (RFC 7523 JWT bearer grant, as Google's
 * https://developers.google.com/identity/protocols/oauth2/service-account describes): an
 * RS256 assertion signed with the account's key (`aud` always Google's token endpoint) is
 * exchanged at `token_uri`. Tokens are
 * cached per isolate until shortly before they expire; concurrent callers share one
 * exchange.
 *
 * @example
 * const tokens = new ServiceAccountTokens(account)
 * const bearer = await tokens.get()
 */
export class ServiceAccountTokens {
  readonly #account: ServiceAccount
  readonly #fetch: typeof fetch
  readonly #now: () => number
  #cached: CachedToken | undefined

  constructor(account: ServiceAccount, options: { fetch?: typeof fetch; now?: () => number } = {}) {
    this.#account = account
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.#now = options.now ?? Date.now
  }

  get(): Promise<string> {
    const cached = this.#cached
    if (cached && this.#now() < cached.expiresAt - REFRESH_MARGIN_MS) return cached.token
    const entry: CachedToken = { token: Promise.resolve(''), expiresAt: Number.POSITIVE_INFINITY }
    entry.token = this.#exchange().then(
      ({ token, expiresInMs }) => {
        entry.expiresAt = this.#now() + expiresInMs
        return token
      },
      (error: unknown) => {
        if (this.#cached === entry) this.#cached = undefined
        throw error
      },
    )
    this.#cached = entry
    return entry.token
  }

  async #exchange(): Promise<{ token: string; expiresInMs: number }> {
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: await this.assertion(),
    })
    const res = await this.#fetch(this.#account.token_uri, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch((cause: unknown) => {
      throw refused('token endpoint unreachable', cause)
    })
    const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>
    if (!res.ok || typeof answer.access_token !== 'string') {
      throw refused(`token endpoint answered ${res.status} ${String(answer.error ?? '')}`)
    }
    const seconds = typeof answer.expires_in === 'number' ? answer.expires_in : 3600
    return { token: answer.access_token, expiresInMs: seconds * 1000 }
  }

  /** The signed JWT Google exchanges for an access token (valid one hour, the maximum). */
  async assertion(): Promise<string> {
    const iat = Math.floor(this.#now() / 1000)
    const key = await importPKCS8(this.#account.private_key, 'RS256')
    return new SignJWT({ scope: ANDROID_PUBLISHER_SCOPE })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        ...(this.#account.private_key_id ? { kid: this.#account.private_key_id } : {}),
      })
      .setIssuer(this.#account.client_email)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key)
  }
}

const tokenCaches = new Map<string, ServiceAccountTokens>()

/** The isolate's token cache for a service account (one per key). */
export function tokensFor(account: ServiceAccount, fetcher?: typeof fetch): ServiceAccountTokens {
  const id = `${account.client_email}|${account.private_key_id ?? ''}|${account.token_uri}`
  let tokens = tokenCaches.get(id)
  if (!tokens) {
    tokens = new ServiceAccountTokens(account, { fetch: fetcher })
    tokenCaches.set(id, tokens)
  }
  return tokens
}

function refused(why: string, cause?: unknown): ApiError {
  return new ApiError('STORE_UNAVAILABLE', 'Google Play could not be reached; try again.', {
    details: { store: 'google' },
    cause: cause ?? new Error(why),
  })
}
