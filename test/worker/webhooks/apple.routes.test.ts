import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createAppleChain } from '../../../local/emulators/apple/chain'
import { notificationPayload, signAppleJws } from '../../../local/emulators/apple/mint'
import type { Region } from '../../../shared/regions'
import { newAssessmentId, putAssessmentOp } from '../../../worker/assessments/record'
import { consumeSlotOp } from '../../../worker/entitlements/slots'
import { beginCharge, completeCharge } from '../../../worker/idempotency/charge'
import { APPLE_ROOT_CA_G3_SHA256 } from '../../../worker/purchases/apple/chain'
import { handleAppleNotification } from '../../../worker/purchases/apple/notification-handler'
import { purchaseWithApple } from '../../../worker/purchases/purchase-apple'
import { dataClient, emulator, entitlementOf, purchaseDeps, testUser } from '../purchases/support'
import { callApp } from '../support/stack'
import { authHeaders, callWorker, registerUser } from '../support/users'

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

const refundOf = (transactionId: string) =>
  emulator('apple', `/_admin/transactions/${transactionId}/refund`, {})

const notificationDeps = purchaseDeps

/** A writing assessment charged and stored the way `POST /api/writing/assessments` does. */
async function assessed(user: { id: string; homeRegion: Region }) {
  const now = new Date()
  const charge = {
    userId: user.id,
    homeRegion: user.homeRegion,
    scope: 'writing' as const,
    key: crypto.randomUUID(),
    fingerprint: 'essay',
    module: 'academic_writing' as const,
    now,
  }
  const started = await beginCharge(dataClient(), charge)
  if (started.state !== 'started') throw new Error('expected started')
  const record = {
    id: newAssessmentId(now),
    kind: 'writing' as const,
    module: 'academic_writing' as const,
    createdAt: now.toISOString(),
    overallBand: 6.5,
    provisional: false,
    title: 'Task 2 essay',
    result: { band: 6.5 },
  }
  await completeCharge(dataClient(), charge, started.attempt, {
    status: 201,
    resultId: record.id,
    ops: [putAssessmentOp(user.id, record)],
  })
  return record
}

describe('POST /webhooks/apple', () => {
  it('REFUND after a stored assessment: the history keeps it, the unused slots are gone', async () => {
    const user = await registerUser()
    const owner = { id: user.id, homeRegion: user.homeRegion as Region }
    const minted = await emulator('apple', '/_admin/transactions', {
      module: 'academic_writing',
      userId: user.id,
    })
    const bought = await callWorker('/api/purchases/apple', {
      method: 'POST',
      headers: authHeaders(user.accessToken),
      body: JSON.stringify({ signedTransaction: minted.signedTransaction }),
    })
    expect(bought.status).toBe(201)
    const record = await assessed(owner)

    const refund = await refundOf(minted.transactionId as string)
    expect(await (await post(refund.signedPayload)).json()).toMatchObject({ outcome: 'refunded' })

    const get = (path: string) => callWorker(path, { headers: authHeaders(user.accessToken) })
    const history = (await (await get('/api/assessments')).json()) as {
      assessments: { id: string }[]
    }
    expect(history.assessments.map((a) => a.id)).toEqual([record.id])
    expect((await get(`/api/assessments/${record.id}`)).status).toBe(200)
    const { entitlements } = (await (await get('/api/entitlements')).json()) as {
      entitlements: { module: string }[]
    }
    expect(entitlements.find((e) => e.module === 'academic_writing')).toEqual({
      module: 'academic_writing',
      purchased: 4,
      used: 1,
      revoked: 3,
      remaining: 0,
    })
  })

  it('REFUND after partial use: remaining drops to zero, the used one stays', async () => {
    const { user, transactionId } = await bought()
    await dataClient().write(
      [consumeSlotOp(user.id, 'academic_speaking', new Date().toISOString())],
      { homeRegion: user.homeRegion },
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
      { homeRegion: user.homeRegion },
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

describe('Apple notifications in a production deployment', () => {
  it('records a sandbox transaction’s REFUND as environment_mismatch and takes nothing', async () => {
    const { user, transactionId } = await bought()
    const refund = await refundOf(transactionId)
    const outcome = await handleAppleNotification(
      notificationDeps({ deployEnv: 'production' }),
      refund.signedPayload as string,
    )
    expect(outcome).toBe('environment_mismatch')
    const entitlement = await entitlementOf(user, 'academic_speaking')
    expect(entitlement).toMatchObject({ granted: 4, remaining: 4 })
    expect(entitlement?.revoked ?? 0).toBe(0)
  })

  it('refuses a notification signed outside Apple Root CA - G3 (403), taking nothing', async () => {
    const { user, transactionId } = await bought()
    const refund = await refundOf(transactionId)
    const production = callApp({
      ...env,
      DEPLOY_ENV: 'production',
      APPLE_ROOT_CA_SHA256: APPLE_ROOT_CA_G3_SHA256,
    })
    const res = await production('/webhooks/apple', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signedPayload: refund.signedPayload }),
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({
      error: { code: 'SIGNATURE_INVALID', details: { reason: 'WRONG_ROOT' } },
    })
    expect(await entitlementOf(user, 'academic_speaking')).toMatchObject({ remaining: 4 })
  })
})

describe("Production notifications and the app's Apple ID (appAppleId)", () => {
  async function boughtInProduction() {
    const user = testUser()
    const minted = await emulator('apple', '/_admin/transactions', {
      module: 'general_speaking',
      userId: user.id,
      environment: 'Production',
    })
    await purchaseWithApple(
      purchaseDeps({ deployEnv: 'production' }),
      user,
      minted.signedTransaction as string,
    )
    return { user, refund: await refundOf(minted.transactionId as string) }
  }

  it("refunds when the notification names this app's Apple ID", async () => {
    const { user, refund } = await boughtInProduction()
    const outcome = await handleAppleNotification(
      notificationDeps({ deployEnv: 'production' }),
      refund.signedPayload as string,
    )
    expect(outcome).toBe('refunded')
    expect(await entitlementOf(user, 'general_speaking')).toMatchObject({ remaining: 0 })
  })

  it("refuses one naming another app's Apple ID (403 APP_MISMATCH), taking nothing", async () => {
    const { user, refund } = await boughtInProduction()
    const otherApp = callApp({
      ...env,
      APPLE_APP_APPLE_ID: String(Number(env.APPLE_APP_APPLE_ID) + 1),
    })
    const res = await otherApp('/webhooks/apple', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signedPayload: refund.signedPayload }),
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({
      error: { code: 'SIGNATURE_INVALID', details: { reason: 'APP_MISMATCH' } },
    })
    expect(await entitlementOf(user, 'general_speaking')).toMatchObject({ remaining: 4 })
  })
})

describe('REFUND checked against the App Store Server API', () => {
  it('takes nothing for a stale REFUND delivered after its REFUND_REVERSED (409, Apple retries)', async () => {
    const { user, transactionId } = await bought()
    const refund = await refundOf(transactionId)
    const reversal = await emulator(
      'apple',
      `/_admin/transactions/${transactionId}/refund-reversal`,
      {},
    )
    expect(await (await post(reversal.signedPayload)).json()).toMatchObject({
      outcome: 'not_refunded',
    })
    for (let delivery = 0; delivery < 2; delivery++) {
      const res = await post(refund.signedPayload)
      expect(res.status).toBe(409)
      expect(await res.json()).toMatchObject({ error: { code: 'CONFLICT' } })
    }
    const entitlement = await entitlementOf(user, 'academic_speaking')
    expect(entitlement).toMatchObject({ granted: 4, remaining: 4 })
    expect(entitlement?.revoked ?? 0).toBe(0)
  })

  it('acts on the signed notification alone when the API is not configured or unreachable', async () => {
    const {
      APPLE_API_ISSUER_ID: _issuer,
      APPLE_API_KEY_ID: _key,
      APPLE_API_PRIVATE_KEY: _secret,
      ...unconfigured
    } = env as Record<string, unknown>
    const stale = await bought()
    const refund = await refundOf(stale.transactionId)
    await emulator('apple', `/_admin/transactions/${stale.transactionId}/refund-reversal`, {})
    const outcome = await handleAppleNotification(
      notificationDeps({ env: unconfigured }),
      refund.signedPayload as string,
    )
    expect(outcome).toBe('refunded')

    const unreachable = await bought()
    const second = await refundOf(unreachable.transactionId)
    const down: typeof fetch = (_input, init) => fetch('http://127.0.0.1:9/', init)
    expect(
      await handleAppleNotification(
        notificationDeps({ fetch: down }),
        second.signedPayload as string,
      ),
    ).toBe('refunded')
    expect(await entitlementOf(unreachable.user, 'academic_speaking')).toMatchObject({
      remaining: 0,
    })
  })
})
