import { env } from 'cloudflare:workers'
import { Redis } from '@upstash/redis'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/errors'
import { countModelCall, dailyModelCallKey } from '../../../worker/bedrock/daily-cap'
import { originRedisRequester } from '../../../worker/origin-client/redis-requester'
import { servicesFor } from '../../../worker/services/services'

const redis = () => new Redis(originRedisRequester(servicesFor(env).origin(), 'eu-west-1'))

describe('countModelCall (through the origin’s Redis)', () => {
  it('counts calls per user and day and refuses the one over the cap with 429 and Retry-After', async () => {
    const userId = crypto.randomUUID()
    const now = new Date('2031-03-04T22:00:00Z')
    expect(await countModelCall(redis(), { userId, limit: 2, now })).toEqual({
      used: 1,
      limit: 2,
      remaining: 1,
    })
    expect(await countModelCall(redis(), { userId, limit: 2, now })).toMatchObject({
      used: 2,
      remaining: 0,
    })
    const error = await countModelCall(redis(), { userId, limit: 2, now }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 429,
      code: 'DAILY_LIMIT_REACHED',
      headers: { 'Retry-After': '7200' },
    })
  })

  it('starts again the next day and lets the counter expire after its day', async () => {
    const userId = crypto.randomUUID()
    const today = new Date('2031-03-04T12:00:00Z')
    await countModelCall(redis(), { userId, limit: 1, now: today })
    const tomorrow = new Date('2031-03-05T00:00:01Z')
    expect(await countModelCall(redis(), { userId, limit: 1, now: tomorrow })).toMatchObject({
      used: 1,
    })
    const expireAt = Date.UTC(2031, 2, 5, 1) / 1000 // midnight after the day, plus one hour
    const ttl = await redis().ttl(dailyModelCallKey(userId, today))
    expect(ttl).toBeGreaterThan(0)
    expect(Math.abs(Date.now() / 1000 + ttl - expireAt)).toBeLessThan(5)
  })
})
