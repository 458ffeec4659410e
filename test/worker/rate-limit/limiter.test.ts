import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/errors'
import { type LimitRule, RateLimiter } from '../../../worker/rate-limit/limiter'
import { readConfig } from '../../../worker/services/config'
import { redisFor } from '../auth/helpers'

const rule = (limit: number, windowMs = 60_000): LimitRule => ({
  name: `test-${crypto.randomUUID()}`,
  limit,
  windowMs,
})

/** A limiter on the real Redis with a frozen clock, 15 s into a minute window. */
function limiterAt(start = Date.UTC(2030, 0, 1, 0, 0, 15)) {
  const clock = { now: start }
  return { clock, limiter: new RateLimiter(redisFor('us-east-1'), { now: () => clock.now }) }
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

describe('RateLimiter (fixed windows in Redis, clock frozen)', () => {
  it('trips after the limit with Retry-After to the window end, and recovers in the next window', async () => {
    const { clock, limiter } = limiterAt()
    const check = { rule: rule(3), subject: 'ip-a' }
    for (let i = 0; i < 3; i++) await limiter.consume({ hit: [check] })
    const error = await refusal(limiter.consume({ hit: [check] }))
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.status).toBe(429)
    expect(error.headers['Retry-After']).toBe('45')

    clock.now += 44_000 // still the same window
    expect((await refusal(limiter.consume({ hit: [check] }))).headers['Retry-After']).toBe('1')
    clock.now += 1_000 // the next window
    await expect(limiter.consume({ hit: [check] })).resolves.toBeUndefined()
  })

  it('counts each subject apart', async () => {
    const { limiter } = limiterAt()
    const shared = rule(1)
    await limiter.consume({ hit: [{ rule: shared, subject: 'one' }] })
    await expect(
      limiter.consume({ hit: [{ rule: shared, subject: 'two' }] }),
    ).resolves.toBeUndefined()
    await refusal(limiter.consume({ hit: [{ rule: shared, subject: 'one' }] }))
  })

  it('checks without counting, records without refusing, and resets', async () => {
    const { limiter } = limiterAt()
    const failures = { rule: rule(2), subject: 'acct' }
    await limiter.consume({ check: [failures] })
    await limiter.consume({ check: [failures] })
    await limiter.record([failures])
    await limiter.record([failures])
    await limiter.record([failures]) // over, yet record never throws
    expect((await refusal(limiter.consume({ check: [failures] }))).code).toBe('RATE_LIMITED')
    await limiter.reset([failures])
    await expect(limiter.consume({ check: [failures] })).resolves.toBeUndefined()
  })

  it('binds a shared ceiling only on members that already counted, and reset forgets a member', async () => {
    const { clock, limiter } = limiterAt()
    const ceiling = rule(3)
    const as = (member: string) => ({ rule: ceiling, subject: 'account', member })
    await limiter.record([as('a'), as('b'), as('c')]) // the group reaches its ceiling
    for (const member of ['a', 'b', 'c']) {
      const error = await refusal(limiter.consume({ check: [as(member)] }))
      expect(error.headers['Retry-After']).toBe('45')
    }
    await expect(limiter.consume({ check: [as('fresh')] })).resolves.toBeUndefined()
    await limiter.record([as('fresh')])
    await refusal(limiter.consume({ check: [as('fresh')] }))
    await limiter.reset([as('a')])
    await expect(limiter.consume({ check: [as('a')] })).resolves.toBeUndefined()
    await refusal(limiter.consume({ check: [as('b')] })) // the group's total stands

    await expect(limiter.consume({ hit: [as('new')] })).resolves.toBeUndefined() // first time
    await refusal(limiter.consume({ hit: [as('new')] }))
    clock.now += 45_000 // the next window
    await expect(limiter.consume({ check: [as('b')] })).resolves.toBeUndefined()
  })

  it('answers the latest window end when several limits are over', async () => {
    const { limiter } = limiterAt()
    const short = { rule: rule(0, 60_000), subject: 's' }
    const long = { rule: rule(0, 3_600_000), subject: 'l' }
    const error = await refusal(limiter.consume({ hit: [short, long] }))
    expect(error.headers['Retry-After']).toBe(String(3600 - 15))
  })
})

describe('the rate-limit multiplier', () => {
  it('scales limits outside production only', async () => {
    const multiplier = (env: object) => readConfig(env).rateLimit.multiplier
    expect(multiplier({ DEPLOY_ENV: 'local', RATE_LIMIT_MULTIPLIER: '1000' })).toBe(1000)
    expect(multiplier({ DEPLOY_ENV: 'production', RATE_LIMIT_MULTIPLIER: '1000' })).toBe(1)
    expect(multiplier({ DEPLOY_ENV: 'local' })).toBe(1)
  })

  it('lets a scaled limiter count further', async () => {
    const clock = { now: Date.UTC(2030, 0, 1) }
    const limiter = new RateLimiter(redisFor('us-east-1'), { now: () => clock.now, multiplier: 3 })
    const check = { rule: rule(1), subject: 'scaled' }
    for (let i = 0; i < 3; i++) await limiter.consume({ hit: [check] })
    await refusal(limiter.consume({ hit: [check] }))
  })
})
