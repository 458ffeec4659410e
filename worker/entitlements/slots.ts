import type { WriteOp } from '../../shared/data-api'
import { keys } from '../../shared/keys'
import type { ModuleId } from '../../shared/modules'

/**
 * Entitlements are counters on one item per user and module
 * (`USER#<id>` / `ENT#<module>`: `granted`, `used`, `remaining`). Every change is a
 * conditional update, so two concurrent consumptions of the last slot cannot both win:
 * the loser's condition fails and the caller answers 402 `NO_ASSESSMENTS_LEFT`.
 * These builders return ops to put inside the caller's own transaction (for example with
 * the idempotency record of the same request), so a consumption is one round trip.
 */

/** Adds `count` slots (a purchase). Creates the item on first grant. */
export function grantSlotsOp(
  userId: string,
  module: ModuleId,
  count: number,
  now: string,
): WriteOp {
  return {
    update: {
      key: keys.entitlement(userId, module),
      set: { module, updatedAt: now },
      add: { granted: count, remaining: count },
    },
  }
}

/** Takes one slot; fails its condition when none is left. */
export function consumeSlotOp(userId: string, module: ModuleId, now: string): WriteOp {
  return {
    update: {
      key: keys.entitlement(userId, module),
      set: { updatedAt: now },
      add: { remaining: -1, used: 1 },
      condition: { attribute: 'remaining', compare: 'gte', value: 1 },
    },
  }
}

/**
 * Gives a consumed slot back (scoring failed for good). `abandonCharge` uses it only for a
 * charge no refund has marked; a marked one's slot goes to the refund (`forfeitSlotOp`).
 */
export function restoreSlotOp(userId: string, module: ModuleId, now: string): WriteOp {
  return {
    update: {
      key: keys.entitlement(userId, module),
      set: { updatedAt: now },
      add: { remaining: 1, used: -1 },
      condition: { attribute: 'used', compare: 'gte', value: 1 },
    },
  }
}

/**
 * Hands a consumed slot to a refund instead of giving it back: the assessment failed after
 * its purchase was refunded (`worker/idempotency/forfeit.ts`).
 */
export function forfeitSlotOp(userId: string, module: ModuleId, now: string): WriteOp {
  return {
    update: {
      key: keys.entitlement(userId, module),
      set: { updatedAt: now },
      add: { used: -1, revoked: 1 },
      condition: { attribute: 'used', compare: 'gte', value: 1 },
    },
  }
}
