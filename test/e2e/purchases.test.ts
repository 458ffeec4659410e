import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiUser, apiClient } from './support/api'
import { type DevStack, startDevStack } from './support/dev-stack'
import { devDataDir, lastLine, npmRunLocal } from './support/local-cli'

type Store = 'apple' | 'google'
type Minted = { store: Store; body: Record<string, string>; refundId: string }

const FULL = { purchased: 4, used: 0, revoked: 0, remaining: 4 }
const REFUNDED = { purchased: 4, used: 0, revoked: 4, remaining: 0 }

/** The JWS payload, unverified (the worker verifies it; the test only needs the id). */
function transactionIdOf(signedTransaction: string): string {
  const payload = signedTransaction.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).transactionId
}

describe('npm run dev: store purchases from both stores, a replay and refunds', () => {
  let dev: DevStack
  let dataDir: string
  let api: ReturnType<typeof apiClient>

  beforeAll(async () => {
    dev = await startDevStack()
    dataDir = devDataDir(dev)
    api = apiClient(dev.apiUrl)
  })
  afterAll(async () => {
    expect(await dev.stop()).toBe(0)
  })

  /** `npm run local -- purchase …`: what the app would send, and the id a refund needs. */
  async function mint(store: Store, module: string, user: ApiUser, ...flags: string[]) {
    const { stdout } = await npmRunLocal(dataDir, ['purchase', store, module, user.id, ...flags])
    const printed = lastLine(stdout)
    if (store === 'apple') {
      const body = { signedTransaction: printed }
      return { store, body, refundId: transactionIdOf(printed) } satisfies Minted
    }
    const body = JSON.parse(printed) as { productId: string; purchaseToken: string }
    return { store, body, refundId: body.purchaseToken } satisfies Minted
  }

  const submit = (user: ApiUser, minted: Minted) =>
    api.call(`/api/purchases/${minted.store}`, { token: user.accessToken, body: minted.body })

  async function refund(minted: Minted, ...flags: string[]) {
    const args = ['refund', minted.store, minted.refundId, ...flags]
    return lastLine((await npmRunLocal(dataDir, args)).stdout)
  }

  it('buys all four modules, replays one receipt, and loses only the refunded modules', {
    timeout: 180_000,
  }, async () => {
    const user = await api.register()
    const purchases = {
      academic_writing: await mint('apple', 'academic_writing', user),
      general_speaking: await mint('apple', 'general_speaking', user),
      academic_speaking: await mint('google', 'academic_speaking', user),
      general_writing: await mint('google', 'general_writing', user),
    }
    const granted: Record<string, unknown> = {}
    for (const [module, minted] of Object.entries(purchases)) {
      const res = await submit(user, minted)
      expect(res.status).toBe(201)
      granted[module] = await res.json()
      expect(granted[module]).toMatchObject({
        purchase: { store: minted.store, module, granted: 4 },
      })
    }
    expect(await api.entitlements(user)).toEqual({
      academic_writing: FULL,
      general_speaking: FULL,
      academic_speaking: FULL,
      general_writing: FULL,
    })

    const replay = await submit(user, purchases.academic_writing)
    expect(replay.status).toBe(200)
    expect(await replay.json()).toEqual(granted.academic_writing)
    expect((await api.entitlements(user)).academic_writing).toEqual(FULL)

    expect(await refund(purchases.academic_writing)).toMatch(
      /^POST \/webhooks\/apple → 200 .*"outcome":"refunded"/,
    )
    expect(await api.entitlements(user)).toEqual({
      academic_writing: REFUNDED,
      general_speaking: FULL,
      academic_speaking: FULL,
      general_writing: FULL,
    })

    expect(await refund(purchases.general_writing)).toMatch(
      /^POST \/webhooks\/google → 200 .*"outcome":"refunded"/,
    )
    expect(await api.entitlements(user)).toEqual({
      academic_writing: REFUNDED,
      general_speaking: FULL,
      academic_speaking: FULL,
      general_writing: REFUNDED,
    })
  })

  it('gives the module back when Apple reverses the refund', { timeout: 120_000 }, async () => {
    const user = await api.register()
    const minted = await mint('apple', 'general_writing', user)
    expect((await submit(user, minted)).status).toBe(201)
    await refund(minted)
    expect((await api.entitlements(user)).general_writing).toEqual(REFUNDED)
    expect(await refund(minted, '--reverse')).toMatch(/→ 200 .*"outcome":"restored"/)
    expect((await api.entitlements(user)).general_writing).toEqual(FULL)
  })

  it('answers 409 PURCHASE_ALREADY_CLAIMED to another account replaying a purchase', {
    timeout: 120_000,
  }, async () => {
    const owner = await api.register()
    const other = await api.register()
    // A Play purchase the app did not tie to an account: only the claim stops the replay.
    const minted = await mint('google', 'general_speaking', owner, '--no-account-id')
    expect((await submit(owner, minted)).status).toBe(201)

    const stolen = await submit(other, minted)
    expect(stolen.status).toBe(409)
    expect(await stolen.json()).toEqual({
      error: {
        code: 'PURCHASE_ALREADY_CLAIMED',
        message: expect.any(String),
        requestId: expect.any(String),
      },
    })
    expect((await api.entitlements(other)).general_speaking).toMatchObject({ remaining: 0 })
    expect((await api.entitlements(owner)).general_speaking).toEqual(FULL)
  })
})
