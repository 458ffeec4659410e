import { describe, expect, it } from 'vitest'
import { keys } from '../../../shared/keys'
import type { Region } from '../../../shared/regions'
import { consumeSlotOp } from '../../../worker/entitlements/slots'
import { refundPurchase } from '../../../worker/purchases/refund'
import { reverseRefund } from '../../../worker/purchases/refund-reversal'
import { dataClient, entitlementOf, grantTestPurchase, testUser } from './support'

const MODULE = 'general_writing'

async function granted() {
  const data = dataClient()
  const user = testUser('eu-west-1')
  const transactionId = await grantTestPurchase(data, user, MODULE, 'reversal')
  return { data, user, transactionId }
}

type Data = ReturnType<typeof dataClient>
const notify =
  (act: typeof refundPurchase | typeof reverseRefund, type: string) =>
  (data: Data, transactionId: string, id: string = crypto.randomUUID()) =>
    act(data, { store: 'apple', transactionId, notification: { id, type }, now: new Date() })
const refund = notify(refundPurchase, 'REFUND')
const reverse = notify(reverseRefund, 'REFUND_REVERSED')

async function useOne(data: Data, user: { id: string; homeRegion: Region }) {
  await data.write([consumeSlotOp(user.id, MODULE, new Date().toISOString())], {
    homeRegion: user.homeRegion,
  })
}

describe('reverseRefund', () => {
  it('gives back exactly what the refund took; the one used before stays used', async () => {
    const { data, user, transactionId } = await granted()
    await useOne(data, user)
    expect(await refund(data, transactionId)).toBe('refunded')
    expect(await entitlementOf(user, MODULE)).toMatchObject({ remaining: 0, revoked: 3 })

    expect(await reverse(data, transactionId)).toBe('restored')
    expect(await entitlementOf(user, MODULE)).toMatchObject({
      granted: 4,
      used: 1,
      remaining: 3,
      revoked: 0,
    })
    const purchase = await data.get(keys.purchase(user.id, 'apple', transactionId), {
      homeRegion: user.homeRegion,
      consistent: true,
    })
    expect(purchase).toMatchObject({ status: 'granted', revoked: 0 })
    expect(purchase?.refundReversedAt).toEqual(expect.any(String))
  })

  it('restores once: a redelivery is a duplicate, another reversal finds nothing refunded', async () => {
    const { data, user, transactionId } = await granted()
    await refund(data, transactionId)
    const id = crypto.randomUUID()
    expect(await reverse(data, transactionId, id)).toBe('restored')
    expect(await reverse(data, transactionId, id)).toBe('duplicate')
    expect(await reverse(data, transactionId)).toBe('not_refunded')
    expect(await entitlementOf(user, MODULE)).toMatchObject({ remaining: 4, revoked: 0 })
  })

  it('restores once when two reversals of one refund race', async () => {
    const { data, user, transactionId } = await granted()
    await refund(data, transactionId)
    const outcomes = await Promise.all([reverse(data, transactionId), reverse(data, transactionId)])
    expect(outcomes.sort()).toEqual(['not_refunded', 'restored'])
    expect(await entitlementOf(user, MODULE)).toMatchObject({ remaining: 4, revoked: 0 })
  })

  it('changes nothing for a purchase that was never refunded', async () => {
    const { data, user, transactionId } = await granted()
    await useOne(data, user)
    expect(await reverse(data, transactionId)).toBe('not_refunded')
    expect(await entitlementOf(user, MODULE)).toMatchObject({ used: 1, remaining: 3 })
    expect(await reverse(data, `never-${crypto.randomUUID()}`)).toBe('unknown_purchase')
  })

  it('lets a later refund take the purchase back again', async () => {
    const { data, user, transactionId } = await granted()
    await refund(data, transactionId)
    await reverse(data, transactionId)
    await useOne(data, user)
    expect(await refund(data, transactionId)).toBe('refunded')
    expect(await entitlementOf(user, MODULE)).toMatchObject({ used: 1, remaining: 0, revoked: 3 })
  })
})
