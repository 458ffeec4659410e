/** An attempt's answer that asks for another attempt (after a back-off). */
export const RETRY: unique symbol = Symbol('retry')

/** How often and how patiently to retry; randomness and sleep are injectable for tests. */
export type RetryPolicy = {
  /** Attempts in all, the first included. */
  attempts: number
  /** The back-off before attempt n + 1 is uniform in [0, baseMs × 2^min(n, maxDoublings)). */
  baseMs: number
  maxDoublings?: number
  random?: () => number
  sleep?: (ms: number) => Promise<void>
}

/** What a caller may adjust of a policy (tests: a frozen `random`, an instant `sleep`). */
export type RetryOptions = Partial<RetryPolicy>

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs `attempt` until it answers something other than `RETRY`, with full-jitter
 * exponential back-off between attempts (AWS's recommendation for contending writers:
 * concurrent retries spread out instead of colliding again). After the last attempt asks
 * for another, throws what `exhausted()` makes. Errors thrown by `attempt` are not
 * retried: an attempt decides what is worth retrying and answers `RETRY` for it.
 *
 * @example
 * const grant = await withRetries(
 *   async () => (await tryGrant()) ?? RETRY,
 *   { attempts: 12, baseMs: 25, maxDoublings: 5 },
 *   () => new ApiError('CONFLICT', 'Busy; retry.'),
 * )
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T | typeof RETRY>,
  policy: RetryPolicy,
  exhausted: () => Error,
): Promise<T> {
  const random = policy.random ?? Math.random
  const sleep = policy.sleep ?? defaultSleep
  const maxDoublings = policy.maxDoublings ?? 5
  for (let n = 1; ; n++) {
    const answer = await attempt(n)
    if (answer !== RETRY) return answer
    if (n >= policy.attempts) throw exhausted()
    await sleep(Math.floor(random() * policy.baseMs * 2 ** Math.min(n, maxDoublings)))
  }
}
