import { keys } from '../../shared/keys'
import type { AuthUser } from '../auth/context'
import { moduleForProduct } from '../catalog/config'
import type { StoreDeps } from './deps'
import { grantingEnvironment } from './environment'
import { consumePurchase, pendingConsumeFields } from './google/consume'
import { googleClaimId, verifyGooglePurchase } from './google/verify'
import { grantPurchase, type PurchaseGrant } from './grant'
import { asClientError } from './receipt-error'

export type GooglePurchaseResult = {
  grant: PurchaseGrant
  replayed: boolean
  /** `pending` when Play's consume failed; it is retried later and the grant stands. */
  consumption: 'consumed' | 'pending'
}

/**
 * `POST /api/purchases/google`'s service: verifies the purchase with Play for the caller
 * (422 `INVALID_RECEIPT` with the reason), grants it once, ever, then consumes it.
 *
 * @example
 * const result = await purchaseWithGoogle(deps, c.get('user'), { productId, purchaseToken })
 */
export async function purchaseWithGoogle(
  deps: StoreDeps,
  user: Pick<AuthUser, 'id' | 'homeRegion'>,
  input: { productId: string; purchaseToken: string },
): Promise<GooglePurchaseResult> {
  const { catalog, google: config, core } = deps.services.config
  const play = deps.services.playApi()
  const purchase = await asClientError(() =>
    verifyGooglePurchase(play, {
      ...input,
      rules: {
        moduleFor: (productId) => moduleForProduct(catalog, 'google', productId),
        environment: grantingEnvironment(core.DEPLOY_ENV),
        userId: user.id,
        requireAccountId: config.GOOGLE_REQUIRE_ACCOUNT_ID,
      },
    }),
  )
  const claimId = await googleClaimId(input.purchaseToken)
  const result = await grantPurchase(
    deps.data,
    {
      userId: user.id,
      homeRegion: user.homeRegion,
      store: 'google',
      transactionId: claimId,
      productId: purchase.productId,
      module: purchase.module,
      quantity: purchase.quantity,
      environment: purchase.environment,
      purchasedAt: purchase.purchasedAt,
      purchaseFields: {
        purchaseToken: input.purchaseToken,
        ...(purchase.orderId ? { orderId: purchase.orderId } : {}),
        ...(purchase.consumed ? {} : pendingConsumeFields(play.packageName, claimId, deps.now)),
      },
    },
    { assessmentsPerPurchase: catalog.ASSESSMENTS_PER_PURCHASE, now: deps.now },
  )
  if (purchase.consumed) return { ...result, consumption: 'consumed' }
  const pending = {
    key: keys.purchase(user.id, 'google', claimId),
    homeRegion: user.homeRegion,
    productId: purchase.productId,
    purchaseToken: input.purchaseToken,
    attempts: 0,
  }
  return { ...result, consumption: await consumePurchase(deps.data, play, pending, deps.now) }
}
