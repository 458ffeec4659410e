import type { Item, WriteOp } from '../../shared/data-api'
import { ApiError } from '../../shared/errors'
import { keys } from '../../shared/keys'
import type { Region } from '../../shared/regions'
import { ConditionFailedError, type DataClient, WriteConflictError } from '../data/client'
import { RETRY, withRetries } from '../lib/retry'
import { notificationPut } from './notifications'
import { REFUND_RETRY, type RefundInput, recordRefundOutcome, refundNotification } from './refund'

export type ReversalOutcome =
  | 'restored'
  | 'not_refunded'
  | 'unknown_purchase'
  | 'erased_account'
  | 'duplicate'

/**
 * Undoes a refund the store reversed (Apple `REFUND_REVERSED`: the customer's dispute of a
 * refund went the developer's way and they keep the purchase; Apple asks apps to reinstate
 * what the refund revoked,
 * https://developer.apple.com/documentation/appstoreservernotifications/notificationtype).
 * Gives back exactly what the refund took (`revoked` on the purchase; assessments used
 * before the refund were never taken) and marks the purchase granted again, in one
 * transaction with the notification's record: a redelivery is `duplicate`, a second
 * reversal of the same refund finds the purchase granted (`not_refunded`), and a later
 * refund takes it back again as any refund would.
 *
 * @example
 * await reverseRefund(data, { store: 'apple', transactionId, notification: { id: uuid, type: 'REFUND_REVERSED' }, now })
 */
export async function reverseRefund(
  data: DataClient,
  input: RefundInput,
): Promise<ReversalOutcome> {
  const claim = await data.get(keys.claim(input.store, input.transactionId))
  if (!claim) return recordRefundOutcome(data, input, 'unknown_purchase')
  const homeRegion = claim.homeRegion as Region
  if (typeof claim.userId !== 'string')
    return recordRefundOutcome(data, input, 'erased_account', homeRegion)
  const userId = claim.userId
  const purchaseKey = keys.purchase(userId, input.store, input.transactionId)
  const attempt = async (): Promise<ReversalOutcome | typeof RETRY> => {
    const purchase = await data.get(purchaseKey, { homeRegion, consistent: true })
    if (!purchase) return recordRefundOutcome(data, input, 'unknown_purchase', homeRegion)
    if (purchase.status !== 'refunded')
      return recordRefundOutcome(data, input, 'not_refunded', homeRegion)
    try {
      await data.write(reversalOps(input, purchase, userId), { homeRegion })
      return 'restored'
    } catch (error) {
      if (error instanceof ConditionFailedError && error.failed.some((f) => f.index === 0)) {
        return 'duplicate'
      }
      // Another notification changed the purchase between the read and the write: read again.
      if (error instanceof ConditionFailedError || error instanceof WriteConflictError) {
        return RETRY
      }
      throw error
    }
  }
  return withRetries(attempt, { ...REFUND_RETRY, attempts: 5, ...input.retry }, raced)
}

function reversalOps(input: RefundInput, purchase: Item, userId: string): WriteOp[] {
  const restore = typeof purchase.revoked === 'number' ? purchase.revoked : 0
  const now = input.now.toISOString()
  const ops: WriteOp[] = [
    notificationPut(refundNotification(input, 'restored'), input.now),
    {
      update: {
        key: { pk: purchase.pk, sk: purchase.sk },
        set: { status: 'granted', refundReversedAt: now, revoked: 0 },
        condition: { attribute: 'status', compare: 'eq', value: 'refunded' },
      },
    },
    {
      update: {
        key: keys.claim(input.store, input.transactionId),
        set: { refundReversedAt: now },
        remove: ['refundedAt'],
      },
    },
  ]
  if (restore > 0) {
    ops.push({
      update: {
        key: keys.entitlement(userId, purchase.module as string),
        set: { updatedAt: now },
        add: { remaining: restore, revoked: -restore },
        condition: { itemExists: true },
      },
    })
  }
  return ops
}

function raced(): ApiError {
  return new ApiError('CONFLICT', 'The refund reversal raced other writes; the store will retry.', {
    details: { retryable: true },
  })
}
