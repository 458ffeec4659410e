import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { purchaseWithGoogle } from '../../../worker/purchases/purchase-google'
import { emulator, entitlementOf, purchaseDeps, testUser } from '../purchases/support'

type SignedPush = { headers: Record<string, string>; body: unknown }

async function push(request: Record<string, unknown>) {
  const signed = await emulator<SignedPush>('google', '/_admin/pubsub/sign', request)
  return exports.default.fetch('http://api.test/webhooks/google', {
    method: 'POST',
    headers: signed.headers,
    body: JSON.stringify(signed.body),
  })
}

async function bought() {
  const user = testUser('ap-southeast-1')
  const minted = await emulator('google', '/_admin/purchases', {
    module: 'general_writing',
    userId: user.id,
  })
  await purchaseWithGoogle(purchaseDeps(), user, {
    productId: minted.productId as string,
    purchaseToken: minted.purchaseToken as string,
  })
  return { user, purchaseToken: minted.purchaseToken as string }
}

describe('POST /webhooks/google', () => {
  it('a voided purchase takes the unused assessments away', async () => {
    const { user, purchaseToken } = await bought()
    const res = await push({
      notification: {
        voidedPurchaseNotification: { purchaseToken, productType: 2, refundType: 1 },
      },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ received: true, outcome: 'refunded' })
    expect(await entitlementOf(user, 'general_writing')).toMatchObject({ remaining: 0, revoked: 4 })
  })

  it('a canceled one-time product is taken back; a purchased one is only acknowledged', async () => {
    const { user, purchaseToken } = await bought()
    const purchased = await push({
      notification: {
        oneTimeProductNotification: { notificationType: 1, purchaseToken, sku: 'general_writing' },
      },
    })
    expect(await purchased.json()).toMatchObject({ outcome: 'ignored' })
    const canceled = await push({
      notification: {
        oneTimeProductNotification: { notificationType: 2, purchaseToken, sku: 'general_writing' },
      },
    })
    expect(await canceled.json()).toMatchObject({ outcome: 'refunded' })
    expect(await entitlementOf(user, 'general_writing')).toMatchObject({ remaining: 0 })
  })

  it('ignores a redelivered message (same messageId)', async () => {
    const { user, purchaseToken } = await bought()
    const messageId = String(Date.now())
    const notification = {
      voidedPurchaseNotification: { purchaseToken, productType: 2, refundType: 1 },
    }
    await push({ notification, messageId })
    const again = await push({ notification, messageId })
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' })
    expect(await entitlementOf(user, 'general_writing')).toMatchObject({ remaining: 0, revoked: 4 })
  })

  it('acknowledges test notifications and other apps’ notifications', async () => {
    expect(
      await (await push({ notification: { testNotification: { version: '1.0' } } })).json(),
    ).toMatchObject({ outcome: 'test' })
    const other = await push({ notification: { packageName: 'com.other', testNotification: {} } })
    expect(await other.json()).toMatchObject({ outcome: 'wrong_package' })
  })

  it('refuses pushes without a valid OIDC token: missing, wrong key, audience, account, unverified email', async () => {
    const notification = { testNotification: {} }
    const none = await exports.default.fetch('http://api.test/webhooks/google', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { data: btoa('{}'), messageId: '1' } }),
    })
    expect(none.status).toBe(401)
    const cases: [Record<string, unknown>, string][] = [
      [{ signWithUnknownKey: true }, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
      [{ audience: 'https://someone-else.example' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
      [{ email: 'attacker@evil.iam.gserviceaccount.com' }, 'WRONG_SERVICE_ACCOUNT'],
      [{ emailVerified: false }, 'EMAIL_NOT_VERIFIED'],
    ]
    for (const [broken, reason] of cases) {
      const res = await push({ notification, ...broken })
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({
        error: { code: 'INVALID_TOKEN', details: { reason } },
      })
    }
  })
})
