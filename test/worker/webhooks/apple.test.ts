import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createAppleChain } from '../../../local/emulators/apple/chain'
import { notificationPayload, signAppleJws } from '../../../local/emulators/apple/mint'
import { consumeSlotOp } from '../../../worker/entitlements/slots'
import { purchaseWithApple } from '../../../worker/purchases/purchase-apple'
import { dataClient, emulator, entitlementOf, purchaseDeps, testUser } from '../purchases/support'

const post = (signedPayload: unknown) =>
  exports.default.fetch('http://api.test/webhooks/apple', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ signedPayload }),
  })

async function bought(module = 'academic_speaking') {
  const user = testUser()
  const minted = await emulator('apple', '/_admin/transactions', { module, userId: user.id })
  await purchaseWithApple(purchaseDeps(), user, minted.signedTransaction as string)
  return { user, transactionId: minted.transactionId as string }
}

describe('POST /webhooks/apple', () => {
  it('REFUND after partial use: remaining drops to zero, the used one stays', async () => {
    const { user, transactionId } = await bought()
    await dataClient().write(
      [consumeSlotOp(user.id, 'academic_speaking', new Date().toISOString())],
      { home: user.homeRegion },
    )
    const { signedPayload } = await emulator(
      'apple',
      `/_admin/transactions/${transactionId}/refund`,
      {},
    )
    const res = await post(signedPayload)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ received: true, outcome: 'refunded' })
    expect(await entitlementOf(user, 'academic_speaking')).toMatchObject({
      used: 1,
      remaining: 0,
      revoked: 3,
    })
  })

  it('REVOKE takes the purchase back too', async () => {
    const { user, transactionId } = await bought()
    const { signedPayload } = await emulator(
      'apple',
      `/_admin/transactions/${transactionId}/refund`,
      { type: 'REVOKE' },
    )
    expect(await (await post(signedPayload)).json()).toMatchObject({ outcome: 'refunded' })
    expect(await entitlementOf(user, 'academic_speaking')).toMatchObject({ remaining: 0 })
  })

  it('REFUND_REVERSED gives back what the refund took, once', async () => {
    const { user, transactionId } = await bought()
    await dataClient().write(
      [consumeSlotOp(user.id, 'academic_speaking', new Date().toISOString())],
      { home: user.homeRegion },
    )
    const refund = await emulator('apple', `/_admin/transactions/${transactionId}/refund`, {})
    expect(await (await post(refund.signedPayload)).json()).toMatchObject({ outcome: 'refunded' })
    const reversal = await emulator(
      'apple',
      `/_admin/transactions/${transactionId}/refund-reversal`,
      {},
    )
    const res = await post(reversal.signedPayload)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ received: true, outcome: 'restored' })
    expect(await (await post(reversal.signedPayload)).json()).toMatchObject({
      outcome: 'duplicate',
    })
    expect(await entitlementOf(user, 'academic_speaking')).toMatchObject({
      used: 1,
      remaining: 3,
      revoked: 0,
    })
  })

  it('ignores a notification delivered twice (same notificationUUID)', async () => {
    const { user, transactionId } = await bought()
    const { signedPayload } = await emulator(
      'apple',
      `/_admin/transactions/${transactionId}/refund`,
      {},
    )
    await post(signedPayload)
    const again = await post(signedPayload)
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' })
    expect(await entitlementOf(user, 'academic_speaking')).toMatchObject({
      remaining: 0,
      revoked: 4,
    })
  })

  it('answers TEST with 200 and acknowledges unknown types', async () => {
    const test = await emulator('apple', '/_admin/notifications', { notificationType: 'TEST' })
    expect(await (await post(test.signedPayload)).json()).toEqual({
      received: true,
      outcome: 'test',
    })
    const other = await emulator('apple', '/_admin/notifications', {
      notificationType: 'CONSUMPTION_REQUEST',
    })
    expect(await (await post(other.signedPayload)).json()).toEqual({
      received: true,
      outcome: 'ignored',
    })
  })

  it('refuses a notification not signed through the trusted root (403 SIGNATURE_INVALID)', async () => {
    const forger = await createAppleChain()
    const forged = await signAppleJws(
      forger,
      notificationPayload({
        notificationType: 'REFUND',
        notificationUUID: crypto.randomUUID(),
        bundleId: env.APPLE_BUNDLE_ID as string,
        environment: 'Sandbox',
      }),
    )
    const res = await post(forged)
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({
      error: { code: 'SIGNATURE_INVALID', details: { reason: 'WRONG_ROOT' } },
    })
  })

  it('rejects a body without signedPayload with 400', async () => {
    const res = await exports.default.fetch('http://api.test/webhooks/apple', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(400)
  })
})
