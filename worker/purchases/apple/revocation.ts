import { ApiError } from '../../../shared/errors'
import type { StoreEnvironment } from '../environment'
import { ReceiptError } from '../receipt-error'
import type { AppleTrust } from './jws'
import { type AppStoreServerApi, lookUpTransaction } from './server-api'
import type { AppleTransaction } from './transaction'

/** What the App Store says of a transaction a REFUND or REVOKE notification names. */
export type RevocationCheck = 'revoked' | 'not_revoked' | 'unchecked'

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
 * if ((await checkRevocation(services.appStoreApi(), transaction, trust)) === 'not_revoked') …
 */
export async function checkRevocation(
  api: AppStoreServerApi | null,
  transaction: AppleTransaction,
  trust: AppleTrust,
): Promise<RevocationCheck> {
  if (!api) return 'unchecked'
  const environment = transaction.environment as StoreEnvironment
  try {
    const id = transaction.transactionId
    const current = await lookUpTransaction(api, id, environment, trust)
    if (!current || current.transactionId !== transaction.transactionId) return 'unchecked'
    return current.revocationDate === undefined ? 'not_revoked' : 'revoked'
  } catch (error) {
    // Unreachable, or an answer that fails the chain checks: the notification stands alone.
    if (error instanceof ApiError && error.code === 'STORE_UNAVAILABLE') return 'unchecked'
    if (error instanceof ReceiptError) return 'unchecked'
    throw error
  }
}
