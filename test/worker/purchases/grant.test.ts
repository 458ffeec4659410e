import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { keys } from '../../../shared/keys'
import { type GrantInput, grantPurchase } from '../../../worker/purchases/grant'
import { dataClient, entitlementOf, testUser } from './support'

function input(
  user: { id: string; homeRegion: 'eu-west-1' | 'us-east-1' | 'ap-southeast-1' },
  transactionId = `${Date.now()}${Math.random()}`,
): GrantInput {
  return {
    userId: user.id,
    homeRegion: user.homeRegion,
    store: 'apple',
    transactionId,
    productId: 'com.ieltsgenaiprep.app.academic_writing',
    module: 'academic_writing',
    quantity: 1,
    environment: 'Sandbox',
    purchasedAt: '2026-01-01T00:00:00.000Z',
  }
}

const options = () => ({ assessmentsPerPurchase: 4, now: new Date() })

describe('grantPurchase through the real origins', () => {
  it('grants the configured assessments and records claim and purchase', async () => {
    const data = dataClient()
    const user = testUser()
    const { grant, replayed } = await grantPurchase(
      data,
      input(user, 'txn-a1'.concat(user.id)),
      options(),
    )
    expect(replayed).toBe(false)
    expect(grant).toMatchObject({ module: 'academic_writing', granted: 4, environment: 'Sandbox' })
    expect(await entitlementOf(user, 'academic_writing')).toMatchObject({
      granted: 4,
      remaining: 4,
    })
    const claim = await data.get(keys.claim('apple', grant.transactionId), {
      homeRegion: user.homeRegion,
      consistent: true,
    })
    expect(claim).toMatchObject({ userId: user.id, homeRegion: user.homeRegion })
  })

  it('grants quantity × assessments for a multi-quantity purchase', async () => {
    const user = testUser()
    const { grant } = await grantPurchase(dataClient(), { ...input(user), quantity: 2 }, options())
    expect(grant.granted).toBe(8)
    expect(await entitlementOf(user, 'academic_writing')).toMatchObject({ remaining: 8 })
  })

  it('answers a replay by the same user with the original grant, granting nothing more', async () => {
    const data = dataClient()
    const user = testUser()
    const first = await grantPurchase(data, input(user, `replay-${user.id}`), options())
    const again = await grantPurchase(data, input(user, `replay-${user.id}`), {
      ...options(),
      now: new Date(Date.now() + 60_000),
    })
    expect(again.replayed).toBe(true)
    expect(again.grant).toEqual(first.grant)
    expect(await entitlementOf(user, 'academic_writing')).toMatchObject({
      granted: 4,
      remaining: 4,
    })
  })

  it('grants exactly once when 50 submissions of one receipt race', async () => {
    // All 50 writes leave this one test request, which workerd lets hold only six outbound
    // connections at a time (and DynamoDB Local serialises contended transactions): the
    // queued ones would hit the 2.5 s per-call timeout. Fifty real submissions are fifty
    // requests; give this one a longer timeout instead.
    const data = dataClient({ ...env, ORIGIN_TIMEOUT_MS: '30000' })
    const user = testUser()
    const txn = `race-${user.id}`
    const results = await Promise.all(
      Array.from({ length: 50 }, () => grantPurchase(data, input(user, txn), options())),
    )
    expect(results.filter((r) => !r.replayed)).toHaveLength(1)
    const original = results.find((r) => !r.replayed)?.grant
    for (const result of results) expect(result.grant).toEqual(original)
    expect(await entitlementOf(user, 'academic_writing')).toMatchObject({
      granted: 4,
      remaining: 4,
    })
  }, 60_000)

  it('refuses another user’s replay with PURCHASE_ALREADY_CLAIMED and grants them nothing', async () => {
    const data = dataClient()
    const owner = testUser()
    const thief = testUser()
    await grantPurchase(data, input(owner, `cross-${owner.id}`), options())
    const error = await grantPurchase(data, input(thief, `cross-${owner.id}`), options()).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'PURCHASE_ALREADY_CLAIMED', status: 409 })
    expect(await entitlementOf(thief, 'academic_writing')).toBeNull()
  })

  it('never grants a claim whose account was erased (no userId) again', async () => {
    const data = dataClient()
    const erased = testUser()
    const txn = `erased-${erased.id}`
    await grantPurchase(data, input(erased, txn), options())
    await data.write(
      [
        {
          update: {
            key: keys.claim('apple', txn),
            remove: ['userId'],
            set: { erasedAt: new Date().toISOString() },
          },
        },
      ],
      { homeRegion: erased.homeRegion },
    )
    const error = await grantPurchase(data, input(erased, txn), options()).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'PURCHASE_ALREADY_CLAIMED' })
  })
})
