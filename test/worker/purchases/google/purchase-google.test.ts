import { env } from 'cloudflare:workers'
import { exportPKCS8, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { keys } from '../../../../shared/keys'
import { retryPendingConsumes } from '../../../../worker/purchases/google/consume'
import { GooglePlayApi } from '../../../../worker/purchases/google/play-api'
import { googleClaimId } from '../../../../worker/purchases/google/verify'
import { purchaseWithGoogle } from '../../../../worker/purchases/purchase-google'
import { readConfig } from '../../../../worker/services/config'
import { eventually } from '../../support/eventually'
import { dataClient, emulator, entitlementOf, purchaseDeps, testUser } from '../support'

type Minted = { productId: string; purchaseToken: string }
type PlayState = { consumptionState: number; consumeCalls: number }

const mint = (body: Record<string, unknown>) =>
  emulator<Minted>('google', '/_admin/purchases', body)
const state = (token: string) => emulator<PlayState>('google', `/_admin/purchases/${token}`)

async function reasonOf(promise: Promise<unknown>) {
  const error = (await promise.catch((e: unknown) => e)) as {
    code?: string
    details?: { reason?: string }
  }
  expect(error.code).toBe('INVALID_RECEIPT')
  return error.details?.reason
}

describe('purchaseWithGoogle against the Play emulator', () => {
  it('verifies, grants and consumes a purchase', async () => {
    const user = testUser()
    const minted = await mint({ module: 'general_speaking', userId: user.id })
    const result = await purchaseWithGoogle(purchaseDeps(), user, minted)
    expect(result).toMatchObject({
      replayed: false,
      consumption: 'consumed',
      grant: { module: 'general_speaking', granted: 4 },
    })
    expect(await state(minted.purchaseToken)).toMatchObject({ consumptionState: 1 })
    expect(await entitlementOf(user, 'general_speaking')).toMatchObject({ remaining: 4 })
  })

  it('answers the original grant to a replay after consumption', async () => {
    const user = testUser()
    const minted = await mint({ module: 'general_speaking', userId: user.id })
    const first = await purchaseWithGoogle(purchaseDeps(), user, minted)
    const again = await purchaseWithGoogle(purchaseDeps(), user, minted)
    expect(again).toMatchObject({ replayed: true, consumption: 'consumed' })
    expect(again.grant).toEqual(first.grant)
  })

  it('refuses a pending purchase (PURCHASE_PENDING) and a canceled one (PURCHASE_CANCELED)', async () => {
    const user = testUser()
    const pending = await mint({ module: 'general_speaking', userId: user.id, state: 'pending' })
    const canceled = await mint({ module: 'general_speaking', userId: user.id, state: 'canceled' })
    expect(await reasonOf(purchaseWithGoogle(purchaseDeps(), user, pending))).toBe(
      'PURCHASE_PENDING',
    )
    expect(await reasonOf(purchaseWithGoogle(purchaseDeps(), user, canceled))).toBe(
      'PURCHASE_CANCELED',
    )
    expect(await entitlementOf(user, 'general_speaking')).toBeNull()
  })

  it('refuses a token of another app (PACKAGE_MISMATCH)', async () => {
    const user = testUser()
    const minted = await mint({
      module: 'general_speaking',
      userId: user.id,
      packageName: 'com.other.app',
    })
    expect(await reasonOf(purchaseWithGoogle(purchaseDeps(), user, minted))).toBe(
      'PACKAGE_MISMATCH',
    )
  })

  it('refuses another product id than the token’s, a foreign account and a real purchase here', async () => {
    const user = testUser()
    const minted = await mint({ module: 'general_speaking', userId: user.id })
    const wrongProduct = { ...minted, productId: 'academic_writing' }
    expect(await reasonOf(purchaseWithGoogle(purchaseDeps(), user, wrongProduct))).toBe(
      'PRODUCT_MISMATCH',
    )
    const foreign = await mint({ module: 'general_speaking', accountId: crypto.randomUUID() })
    expect(await reasonOf(purchaseWithGoogle(purchaseDeps(), user, foreign))).toBe(
      'ACCOUNT_MISMATCH',
    )
    const real = await mint({ module: 'general_speaking', userId: user.id, test: false })
    expect(await reasonOf(purchaseWithGoogle(purchaseDeps(), user, real))).toBe(
      'ENVIRONMENT_MISMATCH',
    )
    const unknown = { productId: 'not_ours', purchaseToken: minted.purchaseToken }
    expect(await reasonOf(purchaseWithGoogle(purchaseDeps(), user, unknown))).toBe(
      'UNKNOWN_PRODUCT',
    )
  })

  it('with GOOGLE_REQUIRE_ACCOUNT_ID refuses a purchase naming no account (ACCOUNT_ID_MISSING)', async () => {
    const strict = purchaseDeps({ env: { ...env, GOOGLE_REQUIRE_ACCOUNT_ID: 'true' } })
    const user = testUser()
    const unbound = await mint({ module: 'general_writing' })
    expect(await reasonOf(purchaseWithGoogle(strict, user, unbound))).toBe('ACCOUNT_ID_MISSING')
    expect(await entitlementOf(user, 'general_writing')).toBeNull()
    const bound = await mint({ module: 'general_writing', userId: user.id })
    expect(await purchaseWithGoogle(strict, user, bound)).toMatchObject({ replayed: false })
    expect(await entitlementOf(user, 'general_writing')).toMatchObject({ remaining: 4 })
  })

  it('requires the account id by default in production only', () => {
    const required = (vars: Record<string, unknown>) =>
      readConfig({ ...env, ...vars }).google.GOOGLE_REQUIRE_ACCOUNT_ID
    expect(required({ DEPLOY_ENV: 'production' })).toBe(true)
    expect(required({ DEPLOY_ENV: 'sandbox' })).toBe(false)
    expect(required({ DEPLOY_ENV: 'production', GOOGLE_REQUIRE_ACCOUNT_ID: 'false' })).toBe(false)
    expect(required({ DEPLOY_ENV: 'local', GOOGLE_REQUIRE_ACCOUNT_ID: 'true' })).toBe(true)
  })

  it('fails with STORE_UNAVAILABLE when the token endpoint rejects the assertion', async () => {
    const user = testUser()
    const minted = await mint({ module: 'general_speaking', userId: user.id })
    const { privateKey } = await generateKeyPair('RS256', { extractable: true })
    const account = JSON.parse(env.GOOGLE_SERVICE_ACCOUNT_JSON as string)
    const forged = JSON.stringify({
      ...account,
      private_key_id: crypto.randomUUID(),
      private_key: await exportPKCS8(privateKey),
    })
    const error = await purchaseWithGoogle(
      purchaseDeps({ env: { ...env, GOOGLE_SERVICE_ACCOUNT_JSON: forged } }),
      user,
      minted,
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' })
    expect(String((error as Error).cause)).toMatch(/400 invalid_grant/)
    expect(await entitlementOf(user, 'general_speaking')).toBeNull()
  })

  it('keeps the grant when consume fails, and consumes on a later retry', async () => {
    const packageName = `com.ieltsgenaiprep.retry${crypto.randomUUID().slice(0, 8)}`
    const scoped = { ...env, GOOGLE_PLAY_PACKAGE_NAME: packageName }
    const user = testUser()
    const minted = await mint({
      module: 'general_speaking',
      userId: user.id,
      packageName,
      failConsumes: 2,
    })
    const result = await purchaseWithGoogle(purchaseDeps({ env: scoped }), user, minted)
    expect(result.consumption).toBe('pending')
    expect(await entitlementOf(user, 'general_speaking')).toMatchObject({ remaining: 4 })
    const data = dataClient()
    const play = new GooglePlayApi({ config: readConfig(scoped).google })
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000)
    await eventually(async () =>
      expect(await retryPendingConsumes(data, play, later(2))).toEqual({ consumed: 0, pending: 1 }),
    )
    await eventually(async () =>
      expect(await retryPendingConsumes(data, play, later(10))).toEqual({
        consumed: 1,
        pending: 0,
      }),
    )
    expect(await state(minted.purchaseToken)).toMatchObject({
      consumptionState: 1,
      consumeCalls: 3,
    })
    const purchase = await data.get(
      keys.purchase(user.id, 'google', await googleClaimId(minted.purchaseToken)),
      { homeRegion: user.homeRegion, consistent: true },
    )
    expect(purchase).toMatchObject({ consumeState: 'consumed', consumeAttempts: 2 })
    expect(purchase).not.toHaveProperty('gsi1pk')
  })
})
