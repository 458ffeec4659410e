import type { Redis } from '@upstash/redis'
import { ApiError } from '../../shared/errors'

/** A limit: at most `limit` events per fixed window of `windowMs`. */
export type LimitRule = { name: string; limit: number; windowMs: number }

/** One counter: a rule applied to one subject (a pseudonymous IP, account, …). */
export type LimitCheck = { rule: LimitRule; subject: string }

/**
 * Fixed-window counters in Redis, without EVAL: `SET key 0 NX PX <rest of window>` then
 * `INCR key`, pipelined. The window index is part of the key, so a new window is a new
 * counter and the old one expires on its own; the clock is a parameter, so tests freeze
 * it and step over a window boundary. Fixed windows allow up to twice a limit across one
 * boundary; for abuse limits that is an acceptable price for O(1) memory per subject.
 * Each counter has its own key (its own cluster slot), hence a pipeline, not MULTI.
 *
 * @example
 * const limiter = new RateLimiter(redis, { now: Date.now })
 * await limiter.consume({ hit: [{ rule: LIMITS.loginPerIp, subject: ip }] }) // 429 when over
 */
export class RateLimiter {
  readonly #redis: Redis
  readonly #now: () => number
  readonly #multiplier: number

  /** `multiplier` scales every limit (load tests outside production; see `LIMITS`). */
  constructor(redis: Redis, options: { now?: () => number; multiplier?: number } = {}) {
    this.#redis = redis
    this.#now = options.now ?? Date.now
    this.#multiplier = options.multiplier ?? 1
  }

  /**
   * One round trip: counts an event on every `hit` and reads every `check`; throws 429
   * `RATE_LIMITED` (with `Retry-After`) when a hit is now over its limit or a check is
   * already at it.
   */
  async consume(checks: { hit?: LimitCheck[]; check?: LimitCheck[] }): Promise<void> {
    const hits = checks.hit ?? []
    const reads = checks.check ?? []
    const now = this.#now()
    const counts = await this.#count(hits, reads, now)
    const limit = (check: LimitCheck) => check.rule.limit * this.#multiplier
    const over = [
      ...hits.filter((check, i) => counts[i]! > limit(check)),
      ...reads.filter((check, i) => counts[hits.length + i]! >= limit(check)),
    ]
    throwIfOver(over, now)
  }

  /** Counts an event on every check without refusing anything (e.g. a failed login). */
  async record(checks: LimitCheck[]): Promise<void> {
    await this.#count(checks, [], this.#now())
  }

  async #count(hits: LimitCheck[], reads: LimitCheck[], now: number): Promise<number[]> {
    if (hits.length + reads.length === 0) return []
    const pipeline = this.#redis.pipeline()
    for (const check of hits) {
      const { key, rest } = windowOf(check, now)
      pipeline.set(key, 0, { nx: true, px: rest })
      pipeline.incr(key)
    }
    for (const check of reads) pipeline.get(windowOf(check, now).key)
    const results = await pipeline.exec<unknown[]>()
    const hitCounts = hits.map((_, i) => Number(results[i * 2 + 1]))
    const readCounts = reads.map((_, i) => Number(results[hits.length * 2 + i] ?? 0))
    return [...hitCounts, ...readCounts]
  }

  /** Forgets the current window of each check (e.g. failures after a success). */
  async reset(checks: LimitCheck[]): Promise<void> {
    if (checks.length === 0) return
    const now = this.#now()
    // One DEL per key: keys of different slots cannot share a command in cluster mode.
    const pipeline = this.#redis.pipeline()
    for (const check of checks) pipeline.del(windowOf(check, now).key)
    await pipeline.exec()
  }
}

function windowOf({ rule, subject }: LimitCheck, now: number) {
  const index = Math.floor(now / rule.windowMs)
  const end = (index + 1) * rule.windowMs
  // The subject sits in the hash tag: each counter is its own slot, spread over the cluster.
  return { key: `rl:{${rule.name}:${subject}}:${index}`, end, rest: Math.max(1, end - now) }
}

function throwIfOver(over: LimitCheck[], now: number): void {
  if (over.length === 0) return
  const retryAt = Math.max(...over.map((check) => windowOf(check, now).end))
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000))
  throw new ApiError('RATE_LIMITED', `Too many attempts; retry in ${seconds} seconds.`, {
    headers: { 'Retry-After': String(seconds) },
    details: { retryAfterSeconds: seconds },
  })
}
