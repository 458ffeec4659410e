import type { Redis } from '@upstash/redis'
import { ApiError } from '../../shared/errors'

export type DailyModelCalls = { used: number; limit: number; remaining: number }

const DAY_MS = 86_400_000

/**
 * The Redis key counting a user's model calls on one UTC day. It sits in the user's
 * hash-tag slot (`{u:<id>}`, like their sessions), so account erasure deletes it with
 * the sessions in one command, even on a cluster.
 *
 * @example
 * dailyModelCallKey(userId, new Date('2031-03-04T12:00:00Z')) // '{u:<id>}:model-calls:2031-03-04'
 */
export function dailyModelCallKey(userId: string, now: Date): string {
  return `{u:${userId}}:model-calls:${now.toISOString().slice(0, 10)}`
}

/**
 * Every day key that may still hold a count at `now`: today's, yesterday's (it lives
 * until 01:00 UTC) and tomorrow's (a worker whose clock runs ahead near midnight), for
 * account erasure — the origin allows no SCAN, so the keys are named, not searched.
 *
 * @example
 * await sessions.endAll(user.id, liveModelCallKeys(user.id, new Date()))
 */
export function liveModelCallKeys(userId: string, now: Date): string[] {
  return [-DAY_MS, 0, DAY_MS].map((offset) =>
    dailyModelCallKey(userId, new Date(now.getTime() + offset)),
  )
}

/**
 * How many model calls the user has made on the UTC day of `now` (for the data export).
 *
 * @example
 * await modelCallsOn(redis, user.id, new Date()) // 3
 */
export async function modelCallsOn(redis: Redis, userId: string, now: Date): Promise<number> {
  return Number((await redis.get(dailyModelCallKey(userId, now))) ?? 0)
}

/**
 * The cost guard: counts one scoring run (one Converse conversation, its fail-overs and
 * repair included) against the user's daily cap, with INCR and an expiry shortly after the
 * UTC day ends, in one MULTI/EXEC. Over the cap: 429 `DAILY_LIMIT_REACHED` with
 * `Retry-After` until midnight UTC. Call it after an idempotent replay has been answered
 * (a replay calls no model) and before calling the model.
 *
 * @example
 * const redis = new Redis(originRedisRequester(c.get('origin'), user.homeRegion, { requestId }))
 * await countModelCall(redis, { userId: user.id, limit: config.MODEL_CALLS_PER_DAY, now: new Date() })
 */
export async function countModelCall(
  redis: Redis,
  options: { userId: string; limit: number; now: Date },
): Promise<DailyModelCalls> {
  const key = dailyModelCallKey(options.userId, options.now)
  const midnight = Math.ceil((options.now.getTime() + 1) / DAY_MS) * DAY_MS
  const [used] = await redis
    .multi()
    .incr(key)
    .expireat(key, Math.floor(midnight / 1000) + 3600)
    .exec<[number, number]>()
  if (used > options.limit) {
    const retryAfter = Math.max(1, Math.ceil((midnight - options.now.getTime()) / 1000))
    throw new ApiError(
      'DAILY_LIMIT_REACHED',
      `You have reached today's limit of ${options.limit} assessments. It resets at midnight UTC.`,
      { headers: { 'Retry-After': String(retryAfter) }, details: { limit: options.limit } },
    )
  }
  return { used, limit: options.limit, remaining: options.limit - used }
}

/**
 * One user's daily cap on scoring runs, as the paid routes use it: `count()` before
 * calling the model. A counter that cannot count (the home region's Redis is down) fails
 * closed with `ASSESSMENT_UNAVAILABLE` (Retry-After 5), in words about what the caller was doing.
 *
 * @example
 * await services.modelCalls(user, scope).count('Speaking tests')
 */
export class ModelCallCounter {
  readonly #redis: Redis
  readonly #options: { userId: string; limit: number }

  constructor(redis: Redis, options: { userId: string; limit: number }) {
    this.#redis = redis
    this.#options = options
  }

  /** Counts one scoring run now; `what` names the product in the fail-closed message. */
  async count(what = 'Assessments', now = new Date()): Promise<DailyModelCalls> {
    try {
      return await countModelCall(this.#redis, { ...this.#options, now })
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'SESSION_STORE_UNAVAILABLE') throw error
      throw new ApiError('ASSESSMENT_UNAVAILABLE', `${what} are briefly unavailable.`, {
        details: { reason: 'usage_counter_unavailable' },
        headers: { 'Retry-After': '5' },
        cause: error,
      })
    }
  }

  /** Today's count, for the data export. */
  today(now = new Date()): Promise<number> {
    return modelCallsOn(this.#redis, this.#options.userId, now)
  }
}
