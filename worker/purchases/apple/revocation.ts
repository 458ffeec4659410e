import { ApiError } from '../../../shared/errors'
import type { StoreEnvironment } from '../environment'
import { ReceiptError } from '../receipt-error'
import { appStoreApiConfigured, readAppleApiConfig } from './config'
import type { AppleTrust } from './jws'
import { AppStoreServerApi, lookUpTransaction } from './server-api'
import type { AppleTransaction } from './transaction'

/** What the App Store says of a transaction a REFUND or REVOKE notification names. */
export type RevocationCheck = 'revoked' | 'not_revoked' | 'unchecked'

export type RevocationCheckOptions = { trust: AppleTrust; now: Date; fetch?: typeof fetch }

/**
 * Asks the App Store Server API (Get Transaction Info) whether a transaction is revoked
 * now. Notifications can arrive out of order — Apple retries a failed delivery after 1, 12,
 * 24, 48 and 72 hours
 * (https://developer.apple.com/documentation/appstoreservernotifications/responding-to-app-store-server-notifications)
 * — so a REFUND may land after the REFUND_REVERSED that undid it. `unchecked` when the API
 * is not configured, does not know the transaction or cannot be reached: the signed
 * notification then stands on its own. A half-set configuration is a 500
 * `BAD_ENVIRONMENT`, which Apple retries.
 *
 * @example
 * if ((await checkRevocation(env, transaction, { trust, now })) === 'not_revoked') …
 */
export async function checkRevocation(
  env: object,
  transaction: AppleTransaction,
  options: RevocationCheckOptions,
): Promise<RevocationCheck> {
  if (!appStoreApiConfigured(env)) return 'unchecked'
  const api = new AppStoreServerApi({
    config: readAppleApiConfig(env),
    fetch: options.fetch,
    now: () => options.now,
  })
  const environment = transaction.environment as StoreEnvironment
  try {
    const id = transaction.transactionId
    const current = await lookUpTransaction(api, id, environment, options.trust)
    if (!current || current.transactionId !== transaction.transactionId) return 'unchecked'
    return current.revocationDate === undefined ? 'not_revoked' : 'revoked'
  } catch (error) {
    // Unreachable, or an answer that fails the chain checks: the notification stands alone.
    if (error instanceof ApiError && error.code === 'STORE_UNAVAILABLE') return 'unchecked'
    if (error instanceof ReceiptError) return 'unchecked'
    throw error
  }
}
