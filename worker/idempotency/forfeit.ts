import type { Key, WriteOp } from '../../shared/data-api'
import { USER_ITEM_PREFIX, userPartition } from '../../shared/keys'
import type { ModuleId } from '../../shared/modules'
import type { Region } from '../../shared/regions'
import { ConditionFailedError, type DataClient } from '../data/client'
import { forfeitSlotOp, restoreSlotOp } from '../entitlements/slots'
import { NOT_FORFEITED, ownedBy, STILL_RUNNING } from './conditions'

/**
 * Refunds and assessments still running. A refund takes back a purchase's unused slots; a
 * slot an assessment has consumed but not finished is not unused yet, and if the assessment
 * then fails `abandonCharge` would put it back into `remaining` — a slot of a refunded
 * purchase. So the refund marks up to its shortfall of the module's running charges with
 * the purchase (`forfeitTo`), and abandoning a marked charge moves its slot to `revoked`
 * (entitlement and purchase) as the refund would have taken it. A marked charge that
 * completes keeps its slot, like every assessment delivered before the refund. If the
 * refund was reversed meanwhile, the slot is given back as usual.
 */

/** A transaction holds 25 ops; a refund's own take 4, so it marks at most this many. */
export const MAX_FORFEITS = 20

/** A running charge as a refund sees it. */
export type RunningCharge = { key: Key; attempt: string }

/**
 * Up to `limit` unmarked charges of `module` still running for the user (consistent read
 * in the home region, all of the user's idempotency records paged through).
 *
 * @example
 * const running = await runningCharges(data, { userId, module, home, limit: shortfall })
 */
export async function runningCharges(
  data: DataClient,
  input: { userId: string; module: string; homeRegion: Region; limit: number },
): Promise<RunningCharge[]> {
  const found: RunningCharge[] = []
  let cursor: string | undefined
  do {
    const page = await data.query(
      {
        pk: userPartition(input.userId),
        skBeginsWith: USER_ITEM_PREFIX.idempotency,
        consistent: true,
        limit: 100,
        cursor,
      },
      { homeRegion: input.homeRegion },
    )
    for (const item of page.items) {
      if (found.length >= input.limit) return found
      if (item.state !== 'in_progress' || item.module !== input.module) continue
      if (item.forfeitTo !== undefined) continue
      found.push({ key: { pk: item.pk, sk: item.sk }, attempt: String(item.attempt) })
    }
    cursor = page.cursor ?? undefined
  } while (cursor && found.length < input.limit)
  return found
}

/** The refund's mark on a running charge: should its slot come back, it goes to `purchaseSk`. */
export function forfeitChargeOp(charge: RunningCharge, purchaseSk: string): WriteOp {
  return {
    update: {
      key: charge.key,
      set: { forfeitTo: purchaseSk },
      condition: { and: [ownedBy(charge.attempt), STILL_RUNNING, NOT_FORFEITED] },
    },
  }
}

/**
 * Abandons a marked charge: releases the key and hands its slot to the refund (`revoked`
 * on the entitlement and on the purchase), unless the purchase is no longer refunded (the
 * refund was reversed), in which case the slot is restored.
 */
export async function abandonForfeited(
  data: DataClient,
  charge: { userId: string; homeRegion: Region; module: ModuleId; now: Date },
  release: WriteOp,
  purchaseSk: string,
): Promise<void> {
  const now = charge.now.toISOString()
  const purchase: WriteOp = {
    update: {
      key: { pk: userPartition(charge.userId), sk: purchaseSk },
      add: { revoked: 1 },
      condition: { attribute: 'status', compare: 'eq', value: 'refunded' },
    },
  }
  const slot = forfeitSlotOp(charge.userId, charge.module, now)
  try {
    await data.write([release, slot, purchase], { homeRegion: charge.homeRegion })
  } catch (error) {
    const reversed =
      error instanceof ConditionFailedError &&
      error.failed.length > 0 &&
      error.failed.every((f) => f.index === 2)
    if (!reversed) throw error
    const restore = restoreSlotOp(charge.userId, charge.module, now)
    await data.write([release, restore], { homeRegion: charge.homeRegion })
  }
}
