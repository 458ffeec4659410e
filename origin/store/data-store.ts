import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ApiError } from '../../shared/errors'
import type { StoreLog } from './store-errors'

/** How often and how patiently to resend what a batch call left unprocessed. */
export type RetryPolicy = {
  attempts: number
  /** Delay before retry `attempt` (1-based). */
  delayMs: (attempt: number) => number
}

/** Exponential backoff with full jitter, as AWS recommends for Unprocessed* retries. */
export const UNPROCESSED_RETRY: RetryPolicy = {
  attempts: 6,
  delayMs: (attempt) => Math.random() * 50 * 2 ** attempt,
}

/** What every store helper works with; the client is created once per process by the caller. */
export type DataStore = {
  client: DynamoDBDocumentClient
  tableName: string
  log?: StoreLog
  retry: RetryPolicy
}

/**
 * Sends `pending` until nothing comes back unprocessed. BatchGetItem and BatchWriteItem may
 * do only part of a request (throughput, the 16 MB response cap) and hand back the rest.
 * Still unprocessed after the last attempt → 502 `STORE_UNAVAILABLE`: a 5xx, so the worker
 * fails over to another region rather than getting a partial answer.
 *
 * @example
 * await untilProcessed(keys, async (batch) => (await send(batch)).unprocessed, UNPROCESSED_RETRY)
 */
export async function untilProcessed<T>(
  pending: T[],
  send: (batch: T[]) => Promise<T[]>,
  policy: RetryPolicy,
  log?: StoreLog,
): Promise<void> {
  let remaining = pending
  for (let attempt = 0; remaining.length > 0; attempt++) {
    if (attempt === policy.attempts) {
      log?.warn('store batch left unprocessed', { unprocessed: remaining.length })
      throw new ApiError('STORE_UNAVAILABLE', 'The data store is busy. Please retry shortly.')
    }
    if (attempt > 0) await new Promise((wake) => setTimeout(wake, policy.delayMs(attempt)))
    remaining = await send(remaining)
  }
}
