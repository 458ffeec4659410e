import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/errors'
import { REGIONS, type Region } from '../../../shared/regions'
import { callApp, dataClient, type PrivateOrigins, privateOrigins } from '../support/stack'
import { postJson, uniqueEmail } from '../support/users'

/**
 * A signing bug is not an outage. The local origins refuse a bad SigV4 signature with 403,
 * as a Function URL does; the worker must answer that as its own fault (500 INTERNAL) and
 * must not fail over: another region would refuse the same signature, and a fail-over
 * would open circuits and hide the bug behind "origin unavailable".
 */
let origins: PrivateOrigins
let wrongKey: Record<string, unknown>

beforeAll(async () => {
  origins = await privateOrigins()
  wrongKey = {
    ...origins.env,
    EDGE_AWS_SECRET_ACCESS_KEY: 'not-the-edge-secret-0000000000000000000',
  }
}, 60_000)
afterAll(() => origins.dispose())

/** Requests each region's origin received between two snapshots. */
async function servedDuring(action: () => Promise<void>): Promise<Record<Region, number>> {
  const total = (counts: Record<string, number> = {}) =>
    Object.values(counts).reduce((sum, n) => sum + n, 0)
  const before = await origins.requestCounts()
  await action()
  const after = await origins.requestCounts()
  return Object.fromEntries(
    REGIONS.map((region) => [region, total(after[region]) - total(before[region])]),
  ) as Record<Region, number>
}

describe('a signature the origin refuses (403)', { timeout: 60_000 }, () => {
  it('is a 500 INTERNAL from the data client, asked of one region only', async () => {
    const order: Region[] = ['eu-west-1', 'us-east-1', 'ap-southeast-1']
    const served = await servedDuring(async () => {
      const error = await dataClient(wrongKey, order)
        .get({ pk: 'USER#refused-signature', sk: 'PROFILE' })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).code).toBe('INTERNAL')
    })
    expect(served).toEqual({ 'eu-west-1': 1, 'us-east-1': 0, 'ap-southeast-1': 0 })
  })

  it('answers a route 500 INTERNAL, never 503, and keeps asking the same region', async () => {
    const call = callApp(wrongKey)
    const statuses: number[] = []
    const served = await servedDuring(async () => {
      for (let i = 0; i < 4; i++) {
        const res = await call(
          '/api/auth/register',
          postJson({ email: uniqueEmail('refused'), password: 'a long enough passphrase 42' }),
        )
        statuses.push(res.status)
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INTERNAL')
      }
    })
    expect(statuses).toEqual([500, 500, 500, 500])
    // More attempts than the breaker's threshold (3), yet no circuit opened and no fail-over.
    const asked = REGIONS.filter((region) => served[region] > 0)
    expect(asked).toHaveLength(1)
    expect(served[asked[0]!]).toBe(4)
  })
})
