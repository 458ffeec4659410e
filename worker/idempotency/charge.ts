import type { Condition, Item, WriteOp } from '../../shared/data-api'
import { ApiError } from '../../shared/errors'
import { keys } from '../../shared/keys'
import type { ModuleId } from '../../shared/modules'
import type { Region } from '../../shared/regions'
import { ConditionFailedError, type DataClient } from '../data/client'
import { consumeSlotOp, restoreSlotOp } from '../entitlements/slots'
import { NOT_FORFEITED, ownedBy, STILL_RUNNING } from './conditions'
import { abandonForfeited } from './forfeit'

/** How long an in-progress attempt holds its key before another request may take over. */
export const DEFAULT_LEASE_MS = 90_000
const IN_PROGRESS_RETRY_AFTER_SECONDS = 2

/** Which paid operation a key belongs to; a key is scoped per user and operation. */
export type ChargeScope = 'writing' | 'speaking'

export type ChargeRequest = {
  userId: string
  homeRegion: Region
  scope: ChargeScope
  key: string
  /** Hash of the validated request body: the same key with another body is refused. */
  fingerprint: string
  module: ModuleId
  now: Date
  leaseMs?: number
}

/**
 * What `beginCharge` decided:
 * - `started`: this request owns the key and one slot was consumed for it (in one write);
 * - `completed`: the key already finished; answer from `resultId` exactly as the first time.
 */
export type ChargeOutcome =
  | { state: 'started'; attempt: string }
  | { state: 'completed'; status: number; resultId: string }

export type IdempotencyRecord = Item & {
  state: 'in_progress' | 'completed'
  fingerprint: string
  module: ModuleId
  attempt: string
  leaseUntil: number
  status?: number
  resultId?: string
  /** Set by a refund that landed while this ran (`forfeit.ts`): the purchase's sort key. */
  forfeitTo?: string
}

/**
 * Starts a paid operation under an `Idempotency-Key`. The first request writes the
 * idempotency record and consumes one slot in one transaction (one origin round trip);
 * a repeat with the same body gets the stored outcome, or 409 `IN_PROGRESS` while the first
 * still runs; another body gets 422 `IDEMPOTENCY_KEY_REUSED`; no slot left is 402
 * `NO_ASSESSMENTS_LEFT` with nothing written. An attempt whose worker died (lease expired)
 * is taken over without consuming a second slot.
 *
 * @example
 * const outcome = await beginCharge(c.get('data'), { userId, home, scope: 'writing', key, fingerprint, module, now })
 */
export async function beginCharge(
  data: DataClient,
  request: ChargeRequest,
): Promise<ChargeOutcome> {
  const attempt = crypto.randomUUID()
  const record = newRecord(request, attempt)
  try {
    await data.write(
      [
        { put: { item: record, condition: { itemExists: false } } },
        consumeSlotOp(request.userId, request.module, request.now.toISOString()),
      ],
      { homeRegion: request.homeRegion },
    )
    return { state: 'started', attempt }
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error
    const existing = await existingRecord(data, request, error)
    if (existing) return resolveExisting(data, request, existing, attempt)
    throw noSlotsLeft(request.module)
  }
}

/**
 * The key's record when its condition failed (op 0 of the charge's write). Some DynamoDB
 * versions omit the failed item (as `grant.ts` knows for claims): then it is read where it
 * was written (consistently), so a replay is never told 402 as if unpaid and a record still
 * there is never taken for gone. Only the slot's condition failing needs no read: then
 * this answers `undefined` although the record stands.
 *
 * @example
 * const record = await existingRecord(data, request, error) // undefined: the key is free
 */
export async function existingRecord(
  data: DataClient,
  request: ChargeRequest,
  error: ConditionFailedError,
): Promise<IdempotencyRecord | undefined> {
  const failure = error.failed.find((f) => f.index === 0)
  if (failure?.item) return failure.item as IdempotencyRecord
  if (!failure && error.failed.length > 0) return undefined
  const key = keys.idempotency(request.userId, request.scope, request.key)
  const item = await data.get(key, { homeRegion: request.homeRegion, consistent: true })
  return (item ?? undefined) as IdempotencyRecord | undefined
}

/**
 * Finishes a started attempt: marks the key completed with the result's id, in the same
 * transaction as `ops` (typically the put of the result itself). A lost lease (someone took
 * over) fails the condition, so only one attempt ever completes.
 */
export async function completeCharge(
  data: DataClient,
  request: ChargeRequest,
  attempt: string,
  result: { status: number; resultId: string; ops: WriteOp[] },
): Promise<void> {
  await data.write(
    [
      {
        update: {
          key: keys.idempotency(request.userId, request.scope, request.key),
          set: { state: 'completed', status: result.status, resultId: result.resultId },
          condition: ownedBy(attempt),
        },
      },
      ...result.ops,
    ],
    { homeRegion: request.homeRegion },
  )
}

/**
 * Gives up a started attempt for good: the slot comes back and the key is released in one
 * transaction, so the student is not charged and may retry with the same key. If a refund
 * of the module's purchase marked the attempt while it ran, the slot goes to that refund
 * instead (`forfeit.ts`): a refunded purchase never gets a slot back.
 */
export async function abandonCharge(
  data: DataClient,
  request: ChargeRequest,
  attempt: string,
): Promise<void> {
  const key = keys.idempotency(request.userId, request.scope, request.key)
  // Never release a key whose result was written: that would hand out a free slot.
  const release = (...extra: Condition[]): WriteOp => ({
    delete: { key, condition: { and: [ownedBy(attempt), STILL_RUNNING, ...extra] } },
  })
  try {
    await data.write(
      [
        release(NOT_FORFEITED),
        restoreSlotOp(request.userId, request.module, request.now.toISOString()),
      ],
      { homeRegion: request.homeRegion },
    )
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error
    // A refund landed while this ran and marked it: the slot is the refund's, not the student's.
    const record = await existingRecord(data, request, error)
    const forfeitTo = record?.attempt === attempt ? record.forfeitTo : undefined
    if (record?.state !== 'in_progress' || typeof forfeitTo !== 'string') throw error
    await abandonForfeited(data, request, release(), forfeitTo)
  }
}

function newRecord(request: ChargeRequest, attempt: string): IdempotencyRecord {
  return {
    ...keys.idempotency(request.userId, request.scope, request.key),
    state: 'in_progress',
    fingerprint: request.fingerprint,
    module: request.module,
    attempt,
    leaseUntil: request.now.getTime() + (request.leaseMs ?? DEFAULT_LEASE_MS),
    createdAt: request.now.toISOString(),
  }
}

async function resolveExisting(
  data: DataClient,
  request: ChargeRequest,
  existing: IdempotencyRecord,
  attempt: string,
): Promise<ChargeOutcome> {
  if (existing.fingerprint !== request.fingerprint || existing.module !== request.module) {
    throw new ApiError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request body. Use a new key.',
    )
  }
  if (existing.state === 'completed' && existing.resultId && existing.status) {
    return { state: 'completed', status: existing.status, resultId: existing.resultId }
  }
  if (existing.leaseUntil > request.now.getTime()) throw inProgress()
  return takeOver(data, request, existing, attempt)
}

/** The first attempt's worker is gone: claim its lease; its slot is already consumed. */
async function takeOver(
  data: DataClient,
  request: ChargeRequest,
  existing: IdempotencyRecord,
  attempt: string,
): Promise<ChargeOutcome> {
  try {
    await data.write(
      [
        {
          update: {
            key: keys.idempotency(request.userId, request.scope, request.key),
            set: {
              attempt,
              leaseUntil: request.now.getTime() + (request.leaseMs ?? DEFAULT_LEASE_MS),
            },
            condition: { and: [ownedBy(existing.attempt), STILL_RUNNING] },
          },
        },
      ],
      { homeRegion: request.homeRegion },
    )
    return { state: 'started', attempt }
  } catch (error) {
    if (error instanceof ConditionFailedError) throw inProgress()
    throw error
  }
}

function inProgress() {
  return new ApiError(
    'IN_PROGRESS',
    'A request with this Idempotency-Key is still being processed. Retry shortly for its result.',
    { headers: { 'Retry-After': String(IN_PROGRESS_RETRY_AFTER_SECONDS) } },
  )
}

function noSlotsLeft(module: ModuleId) {
  return new ApiError(
    'NO_ASSESSMENTS_LEFT',
    `No ${module} assessments left. Buy the module in the App Store or Google Play to continue.`,
    { details: { module } },
  )
}
