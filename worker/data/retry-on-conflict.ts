import { ApiError } from '../../shared/errors'
import { RETRY, type RetryOptions, withRetries } from '../lib/retry'
import { WriteConflictError } from './client'

/** Three attempts in all, as a double tap needs; the back-off doubles from 20 ms. */
const CONFLICT_RETRY = { attempts: 3, baseMs: 20 }

/**
 * Runs a transactional write again when DynamoDB cancelled it because a concurrent
 * transaction touched one of its items (`TransactionConflict`: nothing was written, so a
 * retry is safe). Real DynamoDB does this when, for example, a double tap sends two
 * submissions at once; after `attempts` tries the caller gets 409 `CONFLICT` with
 * `Retry-After` instead of a 500.
 *
 * @example
 * const outcome = await retryOnConflict(() => beginCharge(data, charge))
 */
export function retryOnConflict<T>(
  write: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  return withRetries(
    async () => {
      try {
        return await write()
      } catch (error) {
        if (error instanceof WriteConflictError) return RETRY
        throw error
      }
    },
    { ...CONFLICT_RETRY, ...options },
    () =>
      new ApiError(
        'CONFLICT',
        'Another request of this account was being saved at the same moment. Retry with the same Idempotency-Key.',
        { headers: { 'Retry-After': '1' } },
      ),
  )
}
