import { describe, expect, it } from 'vitest'
import { purchaseWithApple } from '../../../worker/purchases/purchase-apple'
import { emulator, entitlementOf, purchaseDeps, testUser } from './support'

type Minted = { transactionId: string; signedTransaction: string }

const mint = (userId: string, environment: 'Production' | 'Sandbox') =>
  emulator<Minted>('apple', '/_admin/transactions', {
    module: 'general_writing',
    userId,
    environment,
  })

// The route test (routes.test.ts) shows production refusing the emulator's chain outright;
// here the chain is the emulator's, so the environment rule itself is what decides.
describe('purchaseWithApple for a production deployment', () => {
  it('refuses a sandbox transaction (ENVIRONMENT_MISMATCH) and grants nothing', async () => {
    const user = testUser()
    const minted = await mint(user.id, 'Sandbox')
    const error = await purchaseWithApple(
      purchaseDeps({ deployEnv: 'production' }),
      user,
      minted.signedTransaction,
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'INVALID_RECEIPT',
      details: { reason: 'ENVIRONMENT_MISMATCH' },
    })
    expect(await entitlementOf(user, 'general_writing')).toBeNull()
  })

  it('grants a production transaction, which a sandbox deployment refuses', async () => {
    const user = testUser()
    const minted = await mint(user.id, 'Production')
    const sandbox = await purchaseWithApple(
      purchaseDeps({ deployEnv: 'sandbox' }),
      user,
      minted.signedTransaction,
    ).catch((e: unknown) => e)
    expect(sandbox).toMatchObject({ details: { reason: 'ENVIRONMENT_MISMATCH' } })
    const granted = await purchaseWithApple(
      purchaseDeps({ deployEnv: 'production' }),
      user,
      minted.signedTransaction,
    )
    expect(granted.grant).toMatchObject({ environment: 'Production', granted: 4 })
    expect(await entitlementOf(user, 'general_writing')).toMatchObject({ remaining: 4 })
  })
})
