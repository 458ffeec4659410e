import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { keys } from '../../../../shared/keys'
import { createLogger } from '../../../../shared/log'
import type { ModuleId } from '../../../../shared/modules'
import { consumeSlotOp } from '../../../../worker/entitlements/slots'
import {
  RECONCILIATION_WINDOW_DAYS,
  reconciliationQueue,
} from '../../../../worker/purchases/apple/reconciliation'
import { purchaseWithApple } from '../../../../worker/purchases/purchase-apple'
import { SCHEDULED_JOBS } from '../../../../worker/scheduled'
import { servicesFor } from '../../../../worker/services/services'
import { eventually } from '../../support/eventually'
import { dataClient, emulator, entitlementOf, purchaseDeps, testUser } from '../support'

const DAY = 24 * 3600 * 1000
const reconcile = SCHEDULED_JOBS['reconcile-apple-purchases']!

/**
 * An app of its own (the emulator's API key serves every app of its account), so the queue
 * holds this test's purchases only and no other test's refunds are touched.
 */
function ownApp() {
  const bundleId = `com.ieltsgenaiprep.recon${crypto.randomUUID().slice(0, 8)}`
  const scoped: Record<string, unknown> = { ...env, APPLE_BUNDLE_ID: bundleId }
  return { bundleId, scoped }
}

type App = ReturnType<typeof ownApp>

async function granted(app: App, module: ModuleId, now = new Date()) {
  const user = testUser()
  const minted = await emulator('apple', '/_admin/transactions', {
    module,
    userId: user.id,
    bundleId: app.bundleId,
  })
  await purchaseWithApple(
    purchaseDeps({ env: app.scoped, at: now }),
    user,
    minted.signedTransaction!,
  )
  const transactionId = minted.transactionId!
  return { user, module, transactionId, key: keys.purchase(user.id, 'apple', transactionId) }
}

type Granted = Awaited<ReturnType<typeof granted>>

const purchaseOf = (g: Granted) =>
  dataClient().get(g.key, { homeRegion: g.user.homeRegion, consistent: true })

/** Revoked at the App Store; the notification it answers with is never delivered. */
const revokedSilently = (g: Granted) =>
  emulator('apple', `/_admin/transactions/${g.transactionId}/refund`, {})

/** The queue is a sparse global secondary index: eventually consistent. */
async function queued(app: App) {
  const { items } = await dataClient().query({
    pk: reconciliationQueue(app.bundleId),
    index: 'gsi1',
  })
  return items
}

const run = (app: App, at: number, bindings: Record<string, unknown> = app.scoped) =>
  reconcile(
    servicesFor(bindings),
    at,
    createLogger({}, () => {}),
  )

describe('Apple purchase reconciliation (scheduled job)', () => {
  it('queues each grant for the window, in the buyer’s partition', async () => {
    const app = ownApp()
    const now = new Date()
    const g = await granted(app, 'general_writing', now)
    const [entry] = await eventually(async () => {
      const items = await queued(app)
      expect(items).toHaveLength(1)
      return items
    })
    expect(entry).toMatchObject({
      ...keys.appleReconciliation(g.user.id, g.transactionId),
      userId: g.user.id,
      module: 'general_writing',
      transactionId: g.transactionId,
      grantedAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + RECONCILIATION_WINDOW_DAYS * 24 * 3600,
    })
    expect(entry!.pk).toBe(`USER#${g.user.id}`)
  })

  it('refunds a purchase revoked without a notification, once, and leaves the others alone', async () => {
    const app = ownApp()
    const revoked = await granted(app, 'academic_writing')
    const kept = await granted(app, 'academic_speaking')
    await dataClient().write([consumeSlotOp(revoked.user.id, 'academic_writing', '2026-01-01')], {
      homeRegion: revoked.user.homeRegion,
    })
    await eventually(async () => expect(await queued(app)).toHaveLength(2))
    await revokedSilently(revoked)

    // Nothing is due before a day has passed.
    expect(await run(app, Date.now())).toMatchObject({ checked: 0, refunded: 0 })
    expect(await purchaseOf(revoked)).toMatchObject({ status: 'granted' })

    const first = await run(app, Date.now() + DAY + 60_000)
    expect(first).toEqual({ checked: 2, revoked: 1, refunded: 1, expired: 0, unchecked: 0 })
    const refunded = await purchaseOf(revoked)
    expect(refunded).toMatchObject({ status: 'refunded', revoked: 3 })
    const entitlement = await entitlementOf(revoked.user, 'academic_writing')
    expect(entitlement).toMatchObject({ remaining: 0, used: 1 })
    expect(await purchaseOf(kept)).toMatchObject({ status: 'granted' })
    expect(await entitlementOf(kept.user, 'academic_speaking')).toMatchObject({ remaining: 4 })

    // Checked entries are due a day later; the next check sees the same revocation.
    await eventually(async () =>
      expect((await queued(app)).every((item) => typeof item.checkedAt === 'string')).toBe(true),
    )
    const second = await run(app, Date.now() + 2 * DAY + 120_000)
    expect(second).toEqual({ checked: 2, revoked: 1, refunded: 0, expired: 0, unchecked: 0 })
    expect(await purchaseOf(revoked)).toEqual(refunded)
    expect(await entitlementOf(revoked.user, 'academic_writing')).toEqual(entitlement)
    expect(await purchaseOf(kept)).toMatchObject({ status: 'granted' })
  })

  it('drops an entry past its window without asking the App Store', async () => {
    const app = ownApp()
    const old = await granted(app, 'general_speaking', new Date(Date.now() - 91 * DAY))
    await eventually(async () => expect(await queued(app)).toHaveLength(1))
    await revokedSilently(old)
    expect(await run(app, Date.now())).toEqual({
      checked: 0,
      revoked: 0,
      refunded: 0,
      expired: 1,
      unchecked: 0,
    })
    expect(await purchaseOf(old)).toMatchObject({ status: 'granted' })
    await eventually(async () => expect(await queued(app)).toEqual([]))
  })

  it('does nothing, and says so, when the App Store Server API is not configured', async () => {
    const app = ownApp()
    const g = await granted(app, 'academic_writing')
    await eventually(async () => expect(await queued(app)).toHaveLength(1))
    await revokedSilently(g)
    const {
      APPLE_API_ISSUER_ID: _issuer,
      APPLE_API_KEY_ID: _key,
      APPLE_API_PRIVATE_KEY: _secret,
      ...unconfigured
    } = app.scoped
    expect(await run(app, Date.now() + DAY + 60_000, unconfigured)).toEqual({
      skipped: 'app_store_api_not_configured',
    })
    expect(await purchaseOf(g)).toMatchObject({ status: 'granted' })
  })
})
