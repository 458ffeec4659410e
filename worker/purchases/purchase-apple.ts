import type { AuthUser } from '../auth/context'
import { moduleForProduct } from '../catalog/config'
import { reconciliationEntry } from './apple/reconciliation'
import { verifySignedTransaction } from './apple/transaction'
import type { StoreDeps } from './deps'
import { grantingEnvironment } from './environment'
import { grantPurchase, type PurchaseGrant } from './grant'
import { asClientError } from './receipt-error'

/**
 * `POST /api/purchases/apple`'s service: verifies the StoreKit 2 signed transaction for
 * the caller (422 `INVALID_RECEIPT` with the reason) and grants it once, ever.
 *
 * @example
 * const { grant, replayed } = await purchaseWithApple(deps, c.get('user'), body.signedTransaction)
 */
export async function purchaseWithApple(
  deps: StoreDeps,
  user: Pick<AuthUser, 'id' | 'homeRegion'>,
  signedTransaction: string,
): Promise<{ grant: PurchaseGrant; replayed: boolean }> {
  const { catalog, apple, core } = deps.services.config
  const transaction = await asClientError(() =>
    verifySignedTransaction(signedTransaction, {
      trust: { rootSha256: apple.APPLE_ROOT_CA_SHA256, now: deps.now },
      rules: {
        bundleId: apple.APPLE_BUNDLE_ID,
        moduleFor: (productId) => moduleForProduct(catalog, 'apple', productId),
        environment: grantingEnvironment(core.DEPLOY_ENV),
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
