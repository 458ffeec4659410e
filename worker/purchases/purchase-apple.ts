import type { AuthUser } from '../auth/context'
import { moduleForProduct, readCatalogConfig } from '../catalog/config'
import type { CoreConfig } from '../config/core'
import type { DataClient } from '../data/client'
import { readAppleConfig } from './apple/config'
import { reconciliationEntry } from './apple/reconciliation'
import { verifySignedTransaction } from './apple/transaction'
import { grantingEnvironment } from './environment'
import { grantPurchase, type PurchaseGrant } from './grant'
import { asClientError } from './receipt-error'

export type PurchaseDeps = {
  data: DataClient
  /** The worker's bindings (each domain reads its own configuration from them). */
  env: object
  deployEnv: CoreConfig['DEPLOY_ENV']
  now: Date
  fetch?: typeof fetch
}

/**
 * `POST /api/purchases/apple`'s service: verifies the StoreKit 2 signed transaction for
 * the caller (422 `INVALID_RECEIPT` with the reason) and grants it once, ever.
 *
 * @example
 * const { grant, replayed } = await purchaseWithApple(deps, c.get('user'), body.signedTransaction)
 */
export async function purchaseWithApple(
  deps: PurchaseDeps,
  user: Pick<AuthUser, 'id' | 'homeRegion'>,
  signedTransaction: string,
): Promise<{ grant: PurchaseGrant; replayed: boolean }> {
  const catalog = readCatalogConfig(deps.env)
  const apple = readAppleConfig(deps.env)
  const transaction = await asClientError(() =>
    verifySignedTransaction(signedTransaction, {
      trust: { rootSha256: apple.APPLE_ROOT_CA_SHA256, now: deps.now },
      rules: {
        bundleId: apple.APPLE_BUNDLE_ID,
        moduleFor: (productId) => moduleForProduct(catalog, 'apple', productId),
        environment: grantingEnvironment(deps.deployEnv),
        userId: user.id,
      },
    }),
  )
  const { transactionId, module, environment } = transaction
  // Queued for reconciliation in the grant's own transaction: granted ⇔ queued.
  const queued = reconciliationEntry({
    userId: user.id,
    homeRegion: user.homeRegion,
    module,
    transactionId,
    environment,
    bundleId: apple.APPLE_BUNDLE_ID,
    grantedAt: deps.now,
  })
  return grantPurchase(
    deps.data,
    {
      userId: user.id,
      homeRegion: user.homeRegion,
      store: 'apple',
      transactionId,
      productId: transaction.productId,
      module,
      quantity: transaction.quantity,
      environment,
      purchasedAt: new Date(transaction.purchaseDate).toISOString(),
      purchaseFields: { originalTransactionId: transaction.originalTransactionId },
      alsoPut: [queued],
    },
    { assessmentsPerPurchase: catalog.ASSESSMENTS_PER_PURCHASE, now: deps.now },
  )
}
