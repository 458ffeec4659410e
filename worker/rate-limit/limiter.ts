import type { Redis } from '@upstash/redis'
import { ApiError } from '../../shared/errors'

/** A limit: at most `limit` events per fixed window of `windowMs`. */
export type LimitRule = { name: string; limit: number; windowMs: number }

/**
 * One counter: a rule applied to one subject (a pseudonymous IP, account, …). With a
 * `member` (a pseudonymous address within an account), the counter is shared by the
 * subject but binds only members that already counted in the window: a ceiling on a
 * group that never shuts out a member who has not taken part.
 */
export type LimitCheck = { rule: LimitRule; subject: string; member?: string }

/** A counter's value: the subject's total and, for a shared ceiling, the member's part. */
type Count = { total: number; mine: number }

const TOTAL = '*'

/**
 * Fixed-window counters in Redis, without EVAL: `SET key 0 NX PX <rest of window>` then
 * `INCR key`, pipelined. The window index is part of the key, so a new window is a new
 * counter and the old one expires on its own; the clock is a parameter, so tests freeze
 * it and step over a window boundary. Fixed windows allow up to twice a limit across one
 * boundary; for abuse limits that is an acceptable price for O(1) memory per subject.
 * Each counter has its own key (its own cluster slot), hence a pipeline, not MULTI.
 * A shared ceiling (a check with a `member`) is one hash per subject and window: field
 * `*` counts everyone, one field per member counts that member (HINCRBY, HMGET), so the
 * account-wide count and "has this address failed here" cost one key and one read.
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
   * already at it — for a shared ceiling, only when the member counted before.
   */
  async consume(checks: { hit?: LimitCheck[]; check?: LimitCheck[] }): Promise<void> {
    const hits = checks.hit ?? []
    const reads = checks.check ?? []
    const now = this.#now()
    const counts = await this.#count(hits, reads, now)
    const limit = (check: LimitCheck) => check.rule.limit * this.#multiplier
    const over = [
      ...hits.filter(({ member, ...check }, i) => {
        const { total, mine } = counts[i]!
        return total > limit(check) && (member === undefined || mine > 1)
      }),
      ...reads.filter(({ member, ...check }, i) => {
        const { total, mine } = counts[hits.length + i]!
        return total >= limit(check) && (member === undefined || mine > 0)
      }),
    ]
    throwIfOver(over, now)
  }

  /** Counts an event on every check without refusing anything (e.g. a failed login). */
  async record(checks: LimitCheck[]): Promise<void> {
    await this.#count(checks, [], this.#now())
  }

  async #count(hits: LimitCheck[], reads: LimitCheck[], now: number): Promise<Count[]> {
    if (hits.length + reads.length === 0) return []
    const pipeline = this.#redis.pipeline()
    const answers: ((results: unknown[]) => Count)[] = []
    let next = 0 // index of the next command's result
    for (const check of hits) {
      const { key, rest, end } = windowOf(check, now)
      const at = next
      if (check.member === undefined) {
        pipeline.set(key, 0, { nx: true, px: rest }).incr(key)
        answers.push((results) => plain(results[at + 1]))
        next += 2
      } else {
        pipeline.hincrby(key, TOTAL, 1).hincrby(key, check.member, 1).pexpireat(key, end)
        answers.push((results) => ({ total: Number(results[at]), mine: Number(results[at + 1]) }))
        next += 3
      }
    }
    for (const check of reads) {
      const { key } = windowOf(check, now)
      const at = next++
      const { member } = check
      if (member === undefined) {
        pipeline.get(key)
        answers.push((results) => plain(results[at]))
      } else {
        pipeline.hmget(key, TOTAL, member)
        answers.push((results) => shared(results[at], member))
      }
    }
    const results = await pipeline.exec<unknown[]>()
    return answers.map((answer) => answer(results))
  }

  /**
   * Forgets the current window of each check (e.g. failures after a success); for a
   * shared ceiling, only the member's part (the group's total stands).
   */
  async reset(checks: LimitCheck[]): Promise<void> {
    if (checks.length === 0) return
    const now = this.#now()
    // One command per key: keys of different slots cannot share a command in cluster mode.
    const pipeline = this.#redis.pipeline()
    for (const check of checks) {
      const { key } = windowOf(check, now)
      if (check.member === undefined) pipeline.del(key)
      else pipeline.hdel(key, check.member)
    }
    await pipeline.exec()
  }
}

function plain(value: unknown): Count {
  const total = Number(value ?? 0)
  return { total, mine: total }
}

function shared(value: unknown, member: string): Count {
  const fields = (value ?? {}) as Record<string, unknown>
  return { total: Number(fields[TOTAL] ?? 0), mine: Number(fields[member] ?? 0) }
}

function windowOf({ rule, subject, member }: LimitCheck, now: number) {
  const index = Math.floor(now / rule.windowMs)
  const end = (index + 1) * rule.windowMs
  // The subject sits in the hash tag: each counter is its own slot, spread over the cluster.
  // A shared ceiling is a hash, so its key differs from a plain counter's of the same name.
  const key = `rl:{${rule.name}:${subject}}:${index}${member === undefined ? '' : ':by'}`
  return { key, end, rest: Math.max(1, end - now) }
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
