import { describe, expect, it } from 'vitest'
import { listEntitlements } from '../../../worker/entitlements/list'
import { consumeSlotOp } from '../../../worker/entitlements/slots'
import { purchaseWithApple } from '../../../worker/purchases/purchase-apple'
import { purchaseWithGoogle } from '../../../worker/purchases/purchase-google'
import { dataClient, emulator, purchaseDeps, testUser } from '../purchases/support'

describe('listEntitlements', () => {
  it('shows every module, zeros where nothing was bought', async () => {
    const user = testUser()
    const list = await listEntitlements(dataClient(), user.id, user.homeRegion)
    expect(list).toHaveLength(4)
    for (const entry of list) expect(entry).toMatchObject({ purchased: 0, used: 0, remaining: 0 })
  })

  it('adds up purchases from both stores, and shows what was used', async () => {
    const user = testUser('us-east-1')
    const apple = await emulator('apple', '/_admin/transactions', {
      module: 'academic_writing',
      userId: user.id,
    })
    const google = await emulator('google', '/_admin/purchases', {
      module: 'academic_writing',
      userId: user.id,
    })
    await purchaseWithApple(purchaseDeps(), user, apple.signedTransaction as string)
    await purchaseWithGoogle(purchaseDeps(), user, {
      productId: google.productId as string,
      purchaseToken: google.purchaseToken as string,
    })
    const data = dataClient()
    await data.write([consumeSlotOp(user.id, 'academic_writing', new Date().toISOString())], {
      homeRegion: user.homeRegion,
    })
    const list = await listEntitlements(data, user.id, user.homeRegion)
    expect(list.find((e) => e.module === 'academic_writing')).toEqual({
      module: 'academic_writing',
      purchased: 8,
      used: 1,
      revoked: 0,
      remaining: 7,
    })
    expect(list.find((e) => e.module === 'general_writing')).toMatchObject({ purchased: 0 })
  })
})
