import type { Item, WriteOp } from '../../shared/data-api'
import { ApiError } from '../../shared/errors'
import { keys } from '../../shared/keys'
import type { Store } from '../../shared/modules'
import type { Region } from '../../shared/regions'
import { ConditionFailedError, type DataClient, WriteConflictError } from '../data/client'
import { forfeitChargeOp, MAX_FORFEITS, runningCharges } from '../idempotency/forfeit'
import { RETRY, type RetryOptions, withRetries } from '../lib/retry'
import { type NotificationRecord, notificationPut, recordNotification } from './notifications'

export type RefundOutcome =
  | 'refunded'
  | 'already_refunded'
  | 'unknown_purchase'
  | 'erased_account'
  | 'duplicate'

export type RefundInput = {
  store: Store
  /** The claim id the grant used (Apple transactionId, Google `googleClaimId(token)`). */
  transactionId: string
  notification: { id: string; type: string }
  now: Date
  retry?: RetryOptions
}

/** A refund read-modify-writes the entitlement; a consumption racing it makes it read again. */
export const REFUND_RETRY = { attempts: 8, baseMs: 20, maxDoublings: 5 }

/**
 * Takes a refunded or revoked purchase back: marks it refunded and removes up to what it
 * granted from `remaining` (never below zero; used assessments stay in the history). When
 * that falls short, assessments of the module still running are marked so that a slot
 * given back by one that fails goes to this refund (`worker/idempotency/forfeit.ts`). One
 * transaction also records the notification, so a redelivery is recognised (`duplicate`)
 * and a refund happens once. DynamoDB has no `max()`, so the entitlement is read and
 * written with `remaining = <read value>` as condition, retried when a consumption raced.
 *
 * @example
 * await refundPurchase(data, { store: 'apple', transactionId, notification: { id: uuid, type: 'REFUND' }, now })
 */
export async function refundPurchase(data: DataClient, input: RefundInput): Promise<RefundOutcome> {
  const claim = await data.get(keys.claim(input.store, input.transactionId))
  if (!claim) return recordRefundOutcome(data, input, 'unknown_purchase')
  const homeRegion = claim.homeRegion as Region
  if (typeof claim.userId !== 'string') {
    return recordRefundOutcome(data, input, 'erased_account', homeRegion, [claimRefunded(input)])
  }
  const userId = claim.userId
  const attempt = async (): Promise<RefundOutcome | typeof RETRY> => {
    const purchaseKey = keys.purchase(userId, input.store, input.transactionId)
    const purchase = await data.get(purchaseKey, { homeRegion, consistent: true })
    if (!purchase) return recordRefundOutcome(data, input, 'unknown_purchase', homeRegion)
    if (purchase.status !== 'granted')
      return recordRefundOutcome(data, input, 'already_refunded', homeRegion)
    const entitlementKey = keys.entitlement(userId, purchase.module as string)
    const entitlement = await data.get(entitlementKey, { homeRegion, consistent: true })
    const ops = refundOps(input, purchase, entitlement)
    const shortfall = granted(purchase) - taken(purchase, entitlement)
    if (shortfall > 0) {
      const limit = Math.min(shortfall, MAX_FORFEITS)
      const module = purchase.module as string
      const running = await runningCharges(data, { userId, module, homeRegion, limit })
      ops.push(...running.map((charge) => forfeitChargeOp(charge, purchase.sk)))
    }
    try {
      await data.write(ops, { homeRegion })
      return 'refunded'
    } catch (error) {
      const outcome = conflictOutcome(error)
      if (!outcome) throw error
      return outcome === 'retry' ? RETRY : outcome
    }
  }
  return withRetries(attempt, { ...REFUND_RETRY, ...input.retry }, raced)
}

const granted = (purchase: Item) => Number(purchase.granted) || 0
const remainingOf = (entitlement: Item | null) =>
  typeof entitlement?.remaining === 'number' ? entitlement.remaining : 0
/** What the refund takes now: what the purchase granted, as far as it is unused. */
const taken = (purchase: Item, entitlement: Item | null) =>
  Math.max(0, Math.min(granted(purchase), remainingOf(entitlement)))

function refundOps(input: RefundInput, purchase: Item, entitlement: Item | null): WriteOp[] {
  const remaining = remainingOf(entitlement)
  const take = taken(purchase, entitlement)
  const now = input.now.toISOString()
  const ops: WriteOp[] = [
    notificationPut(refundNotification(input, 'refunded'), input.now),
    {
      update: {
        key: { pk: purchase.pk, sk: purchase.sk },
        set: { status: 'refunded', refundedAt: now, revoked: take },
        condition: { attribute: 'status', compare: 'eq', value: 'granted' },
      },
    },
    claimRefunded(input),
  ]
  if (take > 0 && entitlement) {
    ops.push({
      update: {
        key: { pk: entitlement.pk, sk: entitlement.sk },
        set: { updatedAt: now },
        add: { remaining: -take, revoked: take },
        condition: { attribute: 'remaining', compare: 'eq', value: remaining },
      },
    })
  }
  return ops
}

/** Which condition failed decides: a seen notification, a refunded purchase, or a race. */
function conflictOutcome(error: unknown): RefundOutcome | 'retry' | undefined {
  if (error instanceof WriteConflictError) return 'retry'
  if (!(error instanceof ConditionFailedError)) return undefined
  const failed = new Set(error.failed.map((f) => f.index))
  if (failed.has(0)) return 'duplicate'
  // The purchase changed under us (another notification refunded it): read again.
  return 'retry'
}

function raced(): ApiError {
  return new ApiError('CONFLICT', 'The refund raced other writes; the store will retry.', {
    details: { retryable: true },
  })
}

function claimRefunded(input: RefundInput): WriteOp {
  return {
    update: {
      key: keys.claim(input.store, input.transactionId),
      set: { refundedAt: input.now.toISOString() },
    },
  }
}

/** The record of a refund notification (or its reversal) and what it came to. */
export function refundNotification(input: RefundInput, outcome: string): NotificationRecord {
  return {
    store: input.store,
    notificationId: input.notification.id,
    type: input.notification.type,
    outcome,
    transactionId: input.transactionId,
  }
}

/**
 * Records what a refund notification (or its reversal) came to, with `alsoWrite` in the
 * same transaction; a notification recorded before answers `duplicate`.
 */
export async function recordRefundOutcome<O extends string>(
  data: DataClient,
  input: RefundInput,
  outcome: O,
  homeRegion?: Region,
  alsoWrite: WriteOp[] = [],
): Promise<O | 'duplicate'> {
  const notification = refundNotification(input, outcome)
  const result = await recordNotification(data, notification, input.now, homeRegion, alsoWrite)
  return result === 'duplicate' ? 'duplicate' : outcome
}
