import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { keys } from '../../../shared/keys'
import type { Region } from '../../../shared/regions'
import { APPLE_ROOT_CA_G3_SHA256 } from '../../../worker/purchases/apple/chain'
import { googleClaimId } from '../../../worker/purchases/google/verify'
import { callApp } from '../support/stack'
import { authHeaders, type Call, callWorker, registerUser, type TestUser } from '../support/users'
import { dataClient, emulator } from './support'

const post = (path: string, token: string, body: unknown, call: Call = callWorker) =>
  call(path, { method: 'POST', headers: authHeaders(token), body: JSON.stringify(body) })

const homeOf = (user: TestUser) => user.homeRegion as Region

/** The worker as deployed to production: Apple Root CA - G3 pinned, the stack's stores. */
const production = (overrides: Record<string, unknown> = {}) =>
  callApp({
    ...env,
    DEPLOY_ENV: 'production',
    APPLE_ROOT_CA_SHA256: APPLE_ROOT_CA_G3_SHA256,
    ...overrides,
  })

const entitlements = async (token: string) => {
  const res = await callWorker('/api/entitlements', { headers: authHeaders(token) })
  expect(res.status).toBe(200)
  const { entitlements } = (await res.json()) as { entitlements: { module: string }[] }
  return Object.fromEntries(entitlements.map((e) => [e.module, e]))
}

describe('POST /api/purchases/apple', { timeout: 20_000 }, () => {
  it('grants (201), answers a replay with the same body (200), shows in GET /api/entitlements', async () => {
    const user = await registerUser()
    const minted = await emulator('apple', '/_admin/transactions', {
      module: 'academic_writing',
      userId: user.id,
    })
    const first = await post('/api/purchases/apple', user.accessToken, {
      signedTransaction: minted.signedTransaction,
    })
    expect(first.status).toBe(201)
    const body = await first.json()
    expect(body).toMatchObject({
      purchase: { store: 'apple', module: 'academic_writing', granted: 4 },
    })
    const replay = await post('/api/purchases/apple', user.accessToken, {
      signedTransaction: minted.signedTransaction,
    })
    expect(replay.status).toBe(200)
    expect(await replay.json()).toEqual(body)
    expect((await entitlements(user.accessToken)).academic_writing).toEqual({
      module: 'academic_writing',
      purchased: 4,
      used: 0,
      revoked: 0,
      remaining: 4,
    })
  })

  it('answers 422 ACCOUNT_MISMATCH to another account replaying a receipt bound to its owner', async () => {
    const owner = await registerUser()
    const other = await registerUser()
    const minted = await emulator('apple', '/_admin/transactions', {
      module: 'general_writing',
      userId: owner.id,
    })
    await post('/api/purchases/apple', owner.accessToken, {
      signedTransaction: minted.signedTransaction,
    })
    // The appAccountToken names the owner, so the other account fails that check first.
    const res = await post('/api/purchases/apple', other.accessToken, {
      signedTransaction: minted.signedTransaction,
    })
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({
      error: { code: 'INVALID_RECEIPT', details: { reason: 'ACCOUNT_MISMATCH' } },
    })
  })

  it('answers 422 INVALID_RECEIPT with the reason, and 401 without a token', async () => {
    const user = await registerUser()
    const res = await post('/api/purchases/apple', user.accessToken, { signedTransaction: 'a.b.c' })
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({
      error: { code: 'INVALID_RECEIPT', details: { reason: 'MALFORMED' } },
    })
    const anonymous = await callWorker('/api/purchases/apple', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signedTransaction: 'a.b.c' }),
    })
    expect(anonymous.status).toBe(401)
  })

  it('answers 400 VALIDATION_FAILED to a body without signedTransaction', async () => {
    const user = await registerUser()
    const res = await post('/api/purchases/apple', user.accessToken, {})
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })
})

describe('POST /api/purchases/google', { timeout: 20_000 }, () => {
  it('grants, and 409 PURCHASE_ALREADY_CLAIMED when another account submits the same token', async () => {
    const owner = await registerUser()
    const other = await registerUser()
    // No obfuscatedExternalAccountId: the claim is what stops the second account.
    const minted = await emulator('google', '/_admin/purchases', { module: 'general_speaking' })
    const input = { productId: minted.productId, purchaseToken: minted.purchaseToken }
    expect((await post('/api/purchases/google', owner.accessToken, input)).status).toBe(201)
    const res = await post('/api/purchases/google', other.accessToken, input)
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ error: { code: 'PURCHASE_ALREADY_CLAIMED' } })
    expect((await entitlements(other.accessToken)).general_speaking).toMatchObject({ remaining: 0 })
  })

  it('adds up with Apple purchases of the same module', async () => {
    const user = await registerUser()
    const apple = await emulator('apple', '/_admin/transactions', {
      module: 'academic_speaking',
      userId: user.id,
    })
    const google = await emulator('google', '/_admin/purchases', {
      module: 'academic_speaking',
      userId: user.id,
    })
    await post('/api/purchases/apple', user.accessToken, {
      signedTransaction: apple.signedTransaction,
    })
    await post('/api/purchases/google', user.accessToken, {
      productId: google.productId,
      purchaseToken: google.purchaseToken,
    })
    expect((await entitlements(user.accessToken)).academic_speaking).toMatchObject({
      purchased: 8,
      remaining: 8,
    })
  })
})

describe('purchases in a production deployment', { timeout: 20_000 }, () => {
  it('refuses a Play licence-tester (sandbox) purchase with 422 ENVIRONMENT_MISMATCH and writes nothing', async () => {
    const user = await registerUser()
    const minted = await emulator('google', '/_admin/purchases', {
      module: 'academic_writing',
      userId: user.id,
    })
    const input = { productId: minted.productId, purchaseToken: minted.purchaseToken }
    const res = await post('/api/purchases/google', user.accessToken, input, production())
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({
      error: { code: 'INVALID_RECEIPT', details: { reason: 'ENVIRONMENT_MISMATCH' } },
    })
    expect((await entitlements(user.accessToken)).academic_writing).toMatchObject({
      purchased: 0,
      remaining: 0,
    })
    const claim = keys.claim('google', await googleClaimId(minted.purchaseToken as string))
    expect(await dataClient().get(claim, { homeRegion: homeOf(user), consistent: true })).toBeNull()
  })

  it('refuses an App Store sandbox transaction signed outside Apple Root CA - G3 (422 WRONG_ROOT), writing nothing', async () => {
    const user = await registerUser()
    const minted = await emulator('apple', '/_admin/transactions', {
      module: 'academic_writing',
      userId: user.id,
    })
    const res = await post(
      '/api/purchases/apple',
      user.accessToken,
      { signedTransaction: minted.signedTransaction },
      production(),
    )
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({
      error: { code: 'INVALID_RECEIPT', details: { reason: 'WRONG_ROOT' } },
    })
    expect((await entitlements(user.accessToken)).academic_writing).toMatchObject({ remaining: 0 })
    const claim = keys.claim('apple', minted.transactionId as string)
    expect(await dataClient().get(claim, { homeRegion: homeOf(user), consistent: true })).toBeNull()
  })

  it('refuses to run with a non-G3 Apple root (500 BAD_ENVIRONMENT naming the variable, not its value)', async () => {
    const user = await registerUser()
    const testRoot = env.APPLE_ROOT_CA_SHA256 as string
    const res = await post(
      '/api/purchases/apple',
      user.accessToken,
      { signedTransaction: 'a.b.c' },
      production({ APPLE_ROOT_CA_SHA256: testRoot }),
    )
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'BAD_ENVIRONMENT' } })
    expect(text).toContain('APPLE_ROOT_CA_SHA256')
    expect(text).not.toContain(testRoot)
  })
})

describe('GET /api/entitlements', () => {
  it('answers 401 without a token', async () => {
    expect((await callWorker('/api/entitlements')).status).toBe(401)
  })
})
