import { ApiError } from '../../shared/errors'
import { WriteConflictError } from '../data/client'

export type RetryOptions = {
  attempts?: number
  random?: () => number
  sleep?: (ms: number) => Promise<void>
}

const ATTEMPTS = 3
const STEP_MS = 40

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
export async function retryOnConflict<T>(
  write: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? ATTEMPTS
  const random = options.random ?? Math.random
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)))
  for (let attempt = 1; ; attempt++) {
    try {
      return await write()
    } catch (error) {
      if (!(error instanceof WriteConflictError)) throw error
      if (attempt >= attempts) {
        throw new ApiError(
          'CONFLICT',
          'Another request of this account was being saved at the same moment. Retry with the same Idempotency-Key.',
          { headers: { 'Retry-After': '1' }, cause: error },
        )
      }
      await sleep(Math.floor(random() * STEP_MS * attempt))
    }
  }
}
