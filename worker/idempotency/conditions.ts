import type { Condition } from '../../shared/data-api'

/** An idempotency record whose paid operation has not completed yet. */
export const STILL_RUNNING = { attribute: 'state', compare: 'eq', value: 'in_progress' } as const

/** An idempotency record held by this attempt (its lease was not taken over). */
export function ownedBy(attempt: string): Condition {
  return { attribute: 'attempt', compare: 'eq', value: attempt }
}

/** An idempotency record no refund has marked (`worker/idempotency/forfeit.ts`). */
export const NOT_FORFEITED = { attribute: 'forfeitTo', exists: false } as const
