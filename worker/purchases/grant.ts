import type { Item, JsonValue } from '../../shared/data-api'
import { ApiError } from '../../shared/errors'
import { keys } from '../../shared/keys'
import type { ModuleId, Store } from '../../shared/modules'
import type { Region } from '../../shared/regions'
import { ConditionFailedError, type DataClient, WriteConflictError } from '../data/client'
import { grantSlotsOp } from '../entitlements/slots'
import { RETRY, type RetryOptions, withRetries } from '../lib/retry'
import type { StoreEnvironment } from './environment'

/** What a purchase granted; a replay by the same user answers with exactly this. */
export type PurchaseGrant = {
  store: Store
  transactionId: string
  productId: string
  module: ModuleId
  quantity: number
  granted: number
  environment: StoreEnvironment
  purchasedAt: string
  grantedAt: string
}

export type GrantInput = {
  userId: string
  homeRegion: Region
  store: Store
  /** Apple: transactionId; Google: `googleClaimId(purchaseToken)`. Grants once, ever. */
  transactionId: string
  productId: string
  module: ModuleId
  quantity: number
  environment: StoreEnvironment
  purchasedAt: string
  /** Store-specific fields kept with the purchase (original ids, Google's consume state). */
  purchaseFields?: Record<string, JsonValue>
  /** Items written in the grant's transaction, and only with it (Apple's reconciliation entry). */
  alsoPut?: Item[]
}

export type GrantOptions = { assessmentsPerPurchase: number; now: Date; retry?: RetryOptions }

/** Contending redemptions of one receipt (double taps, app retries) back off and try again. */
const GRANT_RETRY = { attempts: 12, baseMs: 25, maxDoublings: 5 }

/**
 * Grants a verified purchase once, ever: one transaction puts the claim
 * `TXN#<store>#<id>` (only if absent), the user's purchase record and the entitlement
 * slots. When the claim exists, the same user gets the original grant back (`replayed`);
 * anyone else — including an erased account, whose claim has lost its `userId` — gets 409
 * `PURCHASE_ALREADY_CLAIMED`. Concurrent submissions race on the claim's condition, so
 * exactly one grants; transaction conflicts are retried with jitter.
 *
 * Which refusal a second account meets: an Apple transaction names its buyer
 * (`appAccountToken`), checked before this runs, so another account replaying it gets 422
 * `INVALID_RECEIPT` / `ACCOUNT_MISMATCH` and 409 is reached through Google only (a token
 * without `obfuscatedExternalAccountId`, or one whose buyer erased their account).
 *
 * Cross-region caveat: the claim's condition is checked in the claimant's home region, and
 * the Global Table replicates between regions asynchronously, last writer wins. Two
 * accounts with different home regions submitting the same Play token within the
 * replication lag (about a second) could both pass their region's condition and both be
 * granted; the claim keeps whichever write replicated last. `GOOGLE_REQUIRE_ACCOUNT_ID`
 * (on by default in production) closes this: a token then names one account, as Apple's
 * do, and only that account passes verification. What remains is one account racing
 * itself while its writes fail over away from its home region.
 *
 * @example
 * const { grant, replayed } = await grantPurchase(c.get('data'), input, { assessmentsPerPurchase: 4, now: new Date() })
 */
export async function grantPurchase(
  data: DataClient,
  input: GrantInput,
  options: GrantOptions,
): Promise<{ grant: PurchaseGrant; replayed: boolean }> {
  const grant = grantOf(input, options)
  return withRetries(
    async () => {
      try {
        await data.write(grantOps(input, grant), { homeRegion: input.homeRegion })
        return { grant, replayed: false }
      } catch (error) {
        if (error instanceof ConditionFailedError) {
          const claim =
            error.failed.find((f) => f.index === 0)?.item ?? (await readClaim(data, input))
          if (claim) return { grant: replayFor(claim, input.userId), replayed: true }
          return RETRY
        }
        if (error instanceof WriteConflictError) return RETRY
        throw error
      }
    },
    { ...GRANT_RETRY, ...options.retry },
    busy,
  )
}

function grantOf(input: GrantInput, options: GrantOptions): PurchaseGrant {
  return {
    store: input.store,
    transactionId: input.transactionId,
    productId: input.productId,
    module: input.module,
    quantity: input.quantity,
    granted: input.quantity * options.assessmentsPerPurchase,
    environment: input.environment,
    purchasedAt: input.purchasedAt,
    grantedAt: options.now.toISOString(),
  }
}

function grantOps(input: GrantInput, grant: PurchaseGrant) {
  const claim = {
    ...keys.claim(input.store, input.transactionId),
    ...grant,
    userId: input.userId,
    homeRegion: input.homeRegion,
  }
  const purchase = {
    ...keys.purchase(input.userId, input.store, input.transactionId),
    ...grant,
    ...input.purchaseFields,
    homeRegion: input.homeRegion,
    status: 'granted',
  }
  return [
    { put: { item: claim, condition: { itemExists: false } } },
    { put: { item: purchase, condition: { itemExists: false } } },
    grantSlotsOp(input.userId, input.module, grant.granted, grant.grantedAt),
    ...(input.alsoPut ?? []).map((item) => ({ put: { item } })),
  ]
}

/** Some DynamoDB versions omit the failed item; then read the claim where it was written. */
async function readClaim(data: DataClient, input: GrantInput): Promise<Item | null> {
  const key = keys.claim(input.store, input.transactionId)
  return data.get(key, { homeRegion: input.homeRegion, consistent: true })
}

function replayFor(claim: Item, userId: string): PurchaseGrant {
  if (claim.userId !== userId) {
    throw new ApiError(
      'PURCHASE_ALREADY_CLAIMED',
      'This purchase has already been redeemed by another account.',
    )
  }
  const { store, transactionId, productId, module, quantity, granted, environment } = claim
  const { purchasedAt, grantedAt } = claim
  return {
    store,
    transactionId,
    productId,
    module,
    quantity,
    granted,
    environment,
    purchasedAt,
    grantedAt,
  } as PurchaseGrant
}

function busy(): ApiError {
  return new ApiError('CONFLICT', 'The purchase is being redeemed by another request; retry.', {
    details: { retryable: true },
    headers: { 'Retry-After': '1' },
  })
}
