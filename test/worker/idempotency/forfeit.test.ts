import { describe, expect, it } from 'vitest'
import { keys } from '../../../shared/keys'
import {
  abandonCharge,
  beginCharge,
  type ChargeRequest,
  completeCharge,
} from '../../../worker/idempotency/charge'
import { refundPurchase } from '../../../worker/purchases/refund'
import { reverseRefund } from '../../../worker/purchases/refund-reversal'
import { dataClient, entitlementOf, grantTestPurchase, testUser } from '../purchases/support'

const MODULE = 'academic_writing'
const data = dataClient()

type User = ReturnType<typeof testUser>

async function buy(user: User) {
  const transactionId = await grantTestPurchase(data, user, MODULE, 'forfeit')
  return transactionId
}

/** An assessment that has consumed its slot and is still being scored. */
async function running(user: User) {
  const request: ChargeRequest = {
    userId: user.id,
    homeRegion: user.homeRegion,
    scope: 'writing',
    key: `key-${crypto.randomUUID()}`,
    fingerprint: 'body',
    module: MODULE,
    now: new Date(),
  }
  const outcome = await beginCharge(data, request)
  if (outcome.state !== 'started') throw new Error('expected started')
  return { request, attempt: outcome.attempt }
}

const notify = (
  act: typeof refundPurchase | typeof reverseRefund,
  type: string,
  transactionId: string,
) =>
  act(data, {
    store: 'apple',
    transactionId,
    notification: { id: crypto.randomUUID(), type },
    now: new Date(),
  })

const slots = async (user: User) => {
  const item = await entitlementOf(user, MODULE)
  return { remaining: item?.remaining, used: item?.used, revoked: item?.revoked }
}

const purchaseOf = (user: User, transactionId: string) =>
  data.get(keys.purchase(user.id, 'apple', transactionId), {
    homeRegion: user.homeRegion,
    consistent: true,
  })

describe('a refund landing while an assessment runs', () => {
  it('takes the running assessment’s slot when it fails: the refunded purchase gets nothing back', async () => {
    const user = testUser()
    const transactionId = await buy(user)
    const charge = await running(user)
    expect(await notify(refundPurchase, 'REFUND', transactionId)).toBe('refunded')
    expect(await slots(user)).toEqual({ remaining: 0, used: 1, revoked: 3 })

    await abandonCharge(data, charge.request, charge.attempt)
    expect(await slots(user)).toEqual({ remaining: 0, used: 0, revoked: 4 })
    expect(await purchaseOf(user, transactionId)).toMatchObject({ status: 'refunded', revoked: 4 })
    // The key is released as with any abandoned attempt.
    const key = keys.idempotency(user.id, 'writing', charge.request.key)
    expect(await data.get(key, { homeRegion: user.homeRegion, consistent: true })).toBeNull()
  })

  it('leaves the slot used when the running assessment completes', async () => {
    const user = testUser()
    const transactionId = await buy(user)
    const charge = await running(user)
    await notify(refundPurchase, 'REFUND', transactionId)
    await completeCharge(data, charge.request, charge.attempt, {
      status: 201,
      resultId: 'done',
      ops: [],
    })
    expect(await slots(user)).toEqual({ remaining: 0, used: 1, revoked: 3 })
  })

  it('gives the slot back when the refund took its full share from another purchase’s slots', async () => {
    const user = testUser()
    const refunded = await buy(user)
    await buy(user)
    const charge = await running(user)
    await notify(refundPurchase, 'REFUND', refunded)
    expect(await slots(user)).toEqual({ remaining: 3, used: 1, revoked: 4 })

    await abandonCharge(data, charge.request, charge.attempt)
    expect(await slots(user)).toEqual({ remaining: 4, used: 0, revoked: 4 })
  })

  it('gives the slot back when the refund was reversed before the assessment failed', async () => {
    const user = testUser()
    const transactionId = await buy(user)
    const charge = await running(user)
    await notify(refundPurchase, 'REFUND', transactionId)
    expect(await notify(reverseRefund, 'REFUND_REVERSED', transactionId)).toBe('restored')
    expect(await slots(user)).toEqual({ remaining: 3, used: 1, revoked: 0 })

    await abandonCharge(data, charge.request, charge.attempt)
    expect(await slots(user)).toEqual({ remaining: 4, used: 0, revoked: 0 })
    expect(await purchaseOf(user, transactionId)).toMatchObject({ status: 'granted', revoked: 0 })
  })

  it('takes as many running slots as the refund fell short, no more', async () => {
    const user = testUser()
    const refunded = await buy(user)
    await buy(user)
    for (let i = 0; i < 2; i++) {
      const done = await running(user)
      await completeCharge(data, done.request, done.attempt, {
        status: 201,
        resultId: `r${i}`,
        ops: [],
      })
    }
    const charges = [await running(user), await running(user), await running(user)]
    // 8 granted, 2 used, 3 running: the refund takes the 3 unused and is 1 short.
    await notify(refundPurchase, 'REFUND', refunded)
    expect(await slots(user)).toEqual({ remaining: 0, used: 5, revoked: 3 })
    for (const charge of charges) await abandonCharge(data, charge.request, charge.attempt)
    // The other purchase's 4, less the 2 used: 2 left; the refund got its 4.
    expect(await slots(user)).toEqual({ remaining: 2, used: 2, revoked: 4 })
  })
})
