import { ApiError } from '../../../shared/errors'
import type { StoreDeps } from '../deps'
import { grantingEnvironment } from '../environment'
import { notificationSeen, recordNotification } from '../notifications'
import { ReceiptError } from '../receipt-error'
import { refundPurchase } from '../refund'
import { reverseRefund } from '../refund-reversal'
import { type AppleNotification, verifyNotification } from './notification'
import { checkRevocation } from './revocation'

/** Notification types that take a purchase back. */
const REVOKING = new Set(['REFUND', 'REVOKE'])
/** Apple reversed a refund after the customer's dispute: what the refund took is given back. */
const REFUND_REVERSED = 'REFUND_REVERSED'

/**
 * Handles one App Store Server Notification V2: verifies it (same chain checks as a
 * purchase), ignores a `notificationUUID` seen before, refunds on REFUND and REVOKE once
 * the App Store Server API (when configured) confirms the transaction is still revoked
 * (`checkRevocation`: a stale REFUND must not undo a REFUND_REVERSED), restores on
 * REFUND_REVERSED, and records every other type (TEST included) so Apple stops retrying.
 * Answers the outcome.
 *
 * @example
 * const outcome = await handleAppleNotification(deps, body.signedPayload)
 */
export async function handleAppleNotification(
  deps: StoreDeps,
  signedPayload: string,
): Promise<string> {
  const apple = deps.services.config.apple
  const trust = { rootSha256: apple.APPLE_ROOT_CA_SHA256, now: deps.now }
  let notification: AppleNotification
  try {
    notification = await verifyNotification(signedPayload, {
      trust,
      bundleId: apple.APPLE_BUNDLE_ID,
      appAppleId: apple.APPLE_APP_APPLE_ID,
    })
  } catch (error) {
    if (!(error instanceof ReceiptError)) throw error
    throw new ApiError('SIGNATURE_INVALID', `The notification was refused: ${error.message}`, {
      details: { reason: error.reason },
    })
  }
  const { notificationUUID: id, notificationType: type, transaction } = notification
  if (await notificationSeen(deps.data, 'apple', id)) return 'duplicate'
  const record = (outcome: string) =>
    recordNotification(
      deps.data,
      {
        store: 'apple',
        notificationId: id,
        type,
        outcome,
        transactionId: transaction?.transactionId,
      },
      deps.now,
    ).then((result) => (result === 'duplicate' ? result : outcome))
  if (type === 'TEST') return record('test')
  const act = REVOKING.has(type) ? refundPurchase : type === REFUND_REVERSED ? reverseRefund : null
  if (!act || !transaction) return record('ignored')
  if (transaction.environment !== grantingEnvironment(deps.services.config.core.DEPLOY_ENV)) {
    return record('environment_mismatch')
  }
  if (act === refundPurchase) {
    const api = deps.services.appStoreApi({ now: () => deps.now })
    if ((await checkRevocation(api, transaction, trust)) === 'not_revoked') throw notRevoked()
  }
  return act(deps.data, {
    store: 'apple',
    transactionId: transaction.transactionId,
    notification: { id, type },
    now: deps.now,
  })
}

/**
 * The App Store says the transaction is not revoked (the refund was reversed since, or the
 * App Store has not caught up): nothing is taken and nothing recorded. A 4xx makes Apple
 * deliver it again later (after 1, 12, 24, 48 and 72 hours), when a refund that stands
 * will be confirmed.
 */
function notRevoked(): ApiError {
  return new ApiError('CONFLICT', 'The App Store does not show this transaction as revoked.', {
    details: { retryable: true },
  })
}
