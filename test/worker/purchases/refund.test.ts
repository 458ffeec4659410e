import { describe, expect, it } from 'vitest'
import { keys } from '../../../shared/keys'
import { consumeSlotOp } from '../../../worker/entitlements/slots'
import { grantPurchase } from '../../../worker/purchases/grant'
import { refundPurchase } from '../../../worker/purchases/refund'
import { dataClient, entitlementOf, grantTestPurchase, testUser } from './support'

async function granted(module: 'academic_writing' | 'general_speaking' = 'academic_writing') {
  const data = dataClient()
  const user = testUser('ap-southeast-1')
  const transactionId = await grantTestPurchase(data, user, module, 'refund')
  return { data, user, transactionId }
}

const refund = (
  data: ReturnType<typeof dataClient>,
  transactionId: string,
  id = crypto.randomUUID(),
) =>
  refundPurchase(data, {
    store: 'apple',
    transactionId,
    notification: { id, type: 'REFUND' },
    now: new Date(),
  })

describe('refundPurchase', () => {
  it('after partial use takes the rest away: remaining 0, used stays in history', async () => {
    const { data, user, transactionId } = await granted()
    const consume = consumeSlotOp(user.id, 'academic_writing', new Date().toISOString())
    await data.write([consume], { homeRegion: user.homeRegion })
    expect(await refund(data, transactionId)).toBe('refunded')
    expect(await entitlementOf(user, 'academic_writing')).toMatchObject({
      granted: 4,
      used: 1,
      remaining: 0,
      revoked: 3,
    })
    const purchase = await data.get(keys.purchase(user.id, 'apple', transactionId), {
      homeRegion: user.homeRegion,
      consistent: true,
    })
    expect(purchase).toMatchObject({ status: 'refunded', revoked: 3 })
  })

  it('takes at most what the purchase granted when the user bought the module twice', async () => {
    const { data, user, transactionId } = await granted()
    await grantPurchase(
      data,
      {
        userId: user.id,
        homeRegion: user.homeRegion,
        store: 'apple',
        transactionId: `${transactionId}-2`,
        productId: 'p',
        module: 'academic_writing',
        quantity: 1,
        environment: 'Sandbox',
        purchasedAt: new Date().toISOString(),
      },
      { assessmentsPerPurchase: 4, now: new Date() },
    )
    expect(await refund(data, transactionId)).toBe('refunded')
    expect(await entitlementOf(user, 'academic_writing')).toMatchObject({
      granted: 8,
      remaining: 4,
    })
  })

  it('ignores the same notification delivered again', async () => {
    const { data, user, transactionId } = await granted()
    const id = crypto.randomUUID()
    expect(await refund(data, transactionId, id)).toBe('refunded')
    expect(await refund(data, transactionId, id)).toBe('duplicate')
    expect(await entitlementOf(user, 'academic_writing')).toMatchObject({
      remaining: 0,
      revoked: 4,
    })
  })

  it('refunds once when a second notification names the same purchase', async () => {
    const { data, user, transactionId } = await granted()
    expect(await refund(data, transactionId)).toBe('refunded')
    expect(await refund(data, transactionId)).toBe('already_refunded')
    expect(await entitlementOf(user, 'academic_writing')).toMatchObject({
      remaining: 0,
      revoked: 4,
    })
  })

  it('never drives remaining below zero when consumptions race the refund', async () => {
    const { data, user, transactionId } = await granted()
    const consume = () =>
      data
        .write([consumeSlotOp(user.id, 'academic_writing', new Date().toISOString())], {
          homeRegion: user.homeRegion,
        })
        .catch(() => 'lost')
    const [outcome] = await Promise.all([
      refund(data, transactionId),
      consume(),
      consume(),
      consume(),
    ])
    expect(outcome).toBe('refunded')
    const entitlement = await entitlementOf(user, 'academic_writing')
    expect(entitlement?.remaining).toBe(0)
    expect(Number(entitlement?.used) + Number(entitlement?.revoked)).toBe(4)
  })

  it('records a notification for a purchase we never granted', async () => {
    const data = dataClient()
    expect(await refund(data, `never-${crypto.randomUUID()}`)).toBe('unknown_purchase')
  })
})
