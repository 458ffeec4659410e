import type { Item } from '../../../shared/data-api'
import { ApiError } from '../../../shared/errors'
import { keys } from '../../../shared/keys'
import type { ModuleId } from '../../../shared/modules'
import type { Region } from '../../../shared/regions'
import { ConditionFailedError, type DataClient } from '../../data/client'
import type { Services } from '../../services/services'
import type { StoreEnvironment } from '../environment'
import { ReceiptError } from '../receipt-error'
import { refundPurchase } from '../refund'
import type { AppleTrust } from './jws'
import { type AppStoreServerApi, lookUpTransaction } from './server-api'

/**
 * A refund notification Apple failed to deliver (it gives up after five retries, the last
 * 72 hours after the one before) would leave a refunded purchase's slots usable. Each
 * Apple grant therefore writes an entry in a sparse `gsi1` partition
 * (`RECONCILE#apple#<bundle id>`, ordered by when it is next due), and a scheduled job
 * asks Get Transaction Info about the entries that are due. An entry lives for the
 * reconciliation window — refunds are requested in the weeks after a purchase; a later
 * revocation is left to the notification — and the table's TTL (`expiresAt`) then deletes
 * it; the job drops one past its window itself, since DynamoDB's TTL deletes within days,
 * not on the second.
 */
export const reconciliationQueue = (bundleId: string) => `RECONCILE#apple#${bundleId}`

export const RECONCILIATION_WINDOW_DAYS = 90
/** Each entry is looked at daily: first a day after the grant, then a day after each check. */
export const RECHECK_INTERVAL_MS = 24 * 3600 * 1000
/**
 * Entries a run looks at. The cron fires every 5 minutes, so 25 make 7,200 checks a day:
 * a daily check of every purchase up to 80 a day (7,200 in the window); above that each
 * entry is checked less often, oldest-checked first, none skipped.
 */
export const RECONCILIATION_BATCH = 25

const WINDOW_SECONDS = RECONCILIATION_WINDOW_DAYS * 24 * 3600

export type ReconciliationGrant = {
  userId: string
  homeRegion: Region
  module: ModuleId
  transactionId: string
  environment: StoreEnvironment
  bundleId: string
  grantedAt: Date
}

/**
 * The entry a grant writes in its own transaction (so a purchase is queued exactly when it
 * is granted). It names the user, module and transaction, nothing else of theirs.
 *
 * @example
 * grantPurchase(data, { ...input, alsoPut: [reconciliationEntry(grant)] }, options)
 */
export function reconciliationEntry(grant: ReconciliationGrant): Item {
  const { userId, homeRegion, module, transactionId, environment, grantedAt } = grant
  return {
    ...keys.appleReconciliation(userId, transactionId),
    userId,
    module,
    transactionId,
    environment,
    homeRegion,
    grantedAt: grantedAt.toISOString(),
    gsi1pk: reconciliationQueue(grant.bundleId),
    gsi1sk: queuePlace(new Date(grantedAt.getTime() + RECHECK_INTERVAL_MS), transactionId),
    expiresAt: Math.floor(grantedAt.getTime() / 1000) + WINDOW_SECONDS,
  }
}

const queuePlace = (due: Date, transactionId: string) => `${due.toISOString()}#${transactionId}`

export type ReconciliationCounts = {
  /** Looked up at the App Store. */
  checked: number
  /** Shown revoked there (refunded now or before). */
  revoked: number
  /** Refunds applied by this run. */
  refunded: number
  /** Past the window: dropped without a look-up. */
  expired: number
  /** Unknown to the App Store, failing the chain checks, or the App Store unreachable. */
  unchecked: number
}

type EntryOutcome = 'refunded' | 'revoked' | 'current' | 'unchecked' | 'unavailable'

export type ReconcileOptions = { bundleId: string; trust: AppleTrust; now: Date; limit?: number }

/**
 * Checks the due entries (at most `limit`, oldest-checked first) against the App Store and
 * refunds the revoked purchases through `refundPurchase`, as a REFUND notification would.
 * The refund is recorded under a notification id made of the transaction id and Apple's
 * `revocationDate`, so one revocation refunds once however many runs see it, and a
 * revocation after a reversed refund (`REFUND_REVERSED`) refunds again. Every checked
 * entry is due again a day later; an unreachable App Store ends the run.
 *
 * @example
 * const counts = await reconcileApplePurchases(data, api, { bundleId, trust, now })
 */
export async function reconcileApplePurchases(
  data: DataClient,
  api: AppStoreServerApi,
  options: ReconcileOptions,
): Promise<ReconciliationCounts> {
  const counts = { checked: 0, revoked: 0, refunded: 0, expired: 0, unchecked: 0 }
  const { items } = await data.query({
    pk: reconciliationQueue(options.bundleId),
    index: 'gsi1',
    limit: options.limit ?? RECONCILIATION_BATCH,
  })
  const now = options.now
  const due = items.filter((item) => String(item.gsi1sk) <= `${now.toISOString()}#~`)
  for (const entry of due) {
    if (Number(entry.expiresAt) * 1000 <= now.getTime()) {
      await data.write([{ delete: { key: { pk: entry.pk, sk: entry.sk } } }], {
        homeRegion: entry.homeRegion as Region,
      })
      counts.expired++
      continue
    }
    const outcome = await checkEntry(data, api, entry, options)
    await reschedule(data, entry, now)
    if (outcome === 'unavailable' || outcome === 'unchecked') counts.unchecked++
    else counts.checked++
    if (outcome === 'refunded' || outcome === 'revoked') counts.revoked++
    if (outcome === 'refunded') counts.refunded++
    if (outcome === 'unavailable') break
  }
  return counts
}

async function checkEntry(
  data: DataClient,
  api: AppStoreServerApi,
  entry: Item,
  options: ReconcileOptions,
): Promise<EntryOutcome> {
  const transactionId = String(entry.transactionId)
  const environment = entry.environment as StoreEnvironment
  let current: Awaited<ReturnType<typeof lookUpTransaction>>
  try {
    current = await lookUpTransaction(api, transactionId, environment, options.trust)
  } catch (error) {
    if (error instanceof ApiError && error.code === 'STORE_UNAVAILABLE') return 'unavailable'
    if (error instanceof ReceiptError) return 'unchecked'
    throw error
  }
  if (current?.transactionId !== transactionId || current.bundleId !== options.bundleId) {
    return 'unchecked'
  }
  if (current.revocationDate === undefined) return 'current'
  const outcome = await refundPurchase(data, {
    store: 'apple',
    transactionId,
    notification: {
      id: `reconciliation-${transactionId}-${current.revocationDate}`,
      type: 'RECONCILIATION',
    },
    now: options.now,
  })
  return outcome === 'refunded' ? 'refunded' : 'revoked'
}

/** Due again a day later; an entry erased meanwhile (with its account) stays gone. */
async function reschedule(data: DataClient, entry: Item, now: Date): Promise<void> {
  const next = new Date(now.getTime() + RECHECK_INTERVAL_MS)
  const set = {
    checkedAt: now.toISOString(),
    gsi1sk: queuePlace(next, String(entry.transactionId)),
  }
  const update = { key: { pk: entry.pk, sk: entry.sk }, set, condition: { itemExists: true } }
  try {
    await data.write([{ update }], { homeRegion: entry.homeRegion as Region })
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error
  }
}

/**
 * The scheduled job's entry: reconciles with the deployment's configuration, or does
 * nothing and says so when the App Store Server API is not set up.
 *
 * @example
 * const fields = await reconcileFromConfig(services, data, new Date(scheduledTime))
 */
export async function reconcileFromConfig(
  services: Services,
  data: DataClient,
  now: Date,
): Promise<ReconciliationCounts | { skipped: 'app_store_api_not_configured' }> {
  // The bearer token runs on the wall clock (it must be valid when sent); due-ness on `now`.
  const api = services.appStoreApi()
  if (!api) return { skipped: 'app_store_api_not_configured' }
  const apple = services.config.apple
  const trust = { rootSha256: apple.APPLE_ROOT_CA_SHA256, now }
  return reconcileApplePurchases(data, api, { bundleId: apple.APPLE_BUNDLE_ID, trust, now })
}
