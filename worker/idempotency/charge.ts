import type { Item, WriteOp } from '../../shared/data-api'
import { ApiError } from '../../shared/errors'
import type { ModuleId } from '../catalog/modules'
import { ConditionFailedError, type DataClient } from '../data/client'
import { keys } from '../data/keys'
import { consumeSlotOp, restoreSlotOp } from '../entitlements/slots'
import type { Region } from '../regions/regions'

/** How long an in-progress attempt holds its key before another request may take over. */
export const DEFAULT_LEASE_MS = 90_000
const IN_PROGRESS_RETRY_AFTER_SECONDS = 2

/** Which paid operation a key belongs to; a key is scoped per user and operation. */
export type ChargeScope = 'writing' | 'speaking'

export type ChargeRequest = {
  userId: string
  home: Region
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

type IdempotencyRecord = Item & {
  state: 'in_progress' | 'completed'
  fingerprint: string
  module: ModuleId
  attempt: string
  leaseUntil: number
  status?: number
  resultId?: string
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
      { home: request.home },
    )
    return { state: 'started', attempt }
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error
    const existing = error.failed.find((f) => f.index === 0)?.item as IdempotencyRecord | undefined
    if (existing) return resolveExisting(data, request, existing, attempt)
    throw noSlotsLeft(request.module)
  }
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
    { home: request.home },
  )
}

/**
 * Gives up a started attempt for good: the slot comes back and the key is released in one
 * transaction, so the student is not charged and may retry with the same key.
 */
export async function abandonCharge(
  data: DataClient,
  request: ChargeRequest,
  attempt: string,
): Promise<void> {
  await data.write(
    [
      {
        delete: {
          key: keys.idempotency(request.userId, request.scope, request.key),
          // Never release a key whose result was written: that would hand out a free slot.
          condition: { and: [ownedBy(attempt), STILL_RUNNING] },
        },
      },
      restoreSlotOp(request.userId, request.module, request.now.toISOString()),
    ],
    { home: request.home },
  )
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
      { home: request.home },
    )
    return { state: 'started', attempt }
  } catch (error) {
    if (error instanceof ConditionFailedError) throw inProgress()
    throw error
  }
}

const STILL_RUNNING = { attribute: 'state', compare: 'eq', value: 'in_progress' } as const

function ownedBy(attempt: string) {
  return { attribute: 'attempt', compare: 'eq' as const, value: attempt }
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
