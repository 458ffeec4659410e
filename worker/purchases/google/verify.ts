import type { ModuleId } from '../../../shared/modules'
import { toBase64Url } from '../../lib/bytes'
import type { StoreEnvironment } from '../environment'
import { ReceiptError } from '../receipt-error'
import type { GooglePlayApi, ProductPurchase } from './play-api'

/** A Play purchase that passed every check. */
export type VerifiedGooglePurchase = {
  productId: string
  module: ModuleId
  purchaseToken: string
  orderId: string | undefined
  quantity: number
  environment: StoreEnvironment
  purchasedAt: string
  /** Whether Play already counts it consumed (a replay after a successful consume). */
  consumed: boolean
}

export type GoogleRules = {
  moduleFor(productId: string): ModuleId | undefined
  environment: StoreEnvironment
  userId: string
  /** Refuse a purchase without `obfuscatedExternalAccountId` (`GOOGLE_REQUIRE_ACCOUNT_ID`). */
  requireAccountId?: boolean
}

/**
 * Asks Play about a purchase token and checks it: our product, the app's package (Play
 * refuses a token of another app), `purchaseState` 0 (not pending, not canceled), the
 * environment (licence-tester purchases are sandbox ones) and, when the app set it,
 * `obfuscatedExternalAccountId` = the caller (with `requireAccountId`, it must be set).
 * Throws `ReceiptError` on the first failure.
 *
 * @example
 * const purchase = await verifyGooglePurchase(play, { productId, purchaseToken, rules })
 */
export async function verifyGooglePurchase(
  play: GooglePlayApi,
  input: { productId: string; purchaseToken: string; rules: GoogleRules },
): Promise<VerifiedGooglePurchase> {
  const { productId, purchaseToken, rules } = input
  const module = rules.moduleFor(productId)
  if (!module) throw new ReceiptError('UNKNOWN_PRODUCT')
  const purchase = await play.getProduct(productId, purchaseToken)
  if (purchase.productId !== undefined && purchase.productId !== productId) {
    throw new ReceiptError('PRODUCT_MISMATCH')
  }
  checkState(purchase)
  if (environmentOf(purchase) !== rules.environment) throw new ReceiptError('ENVIRONMENT_MISMATCH')
  const account = purchase.obfuscatedExternalAccountId
  if (account === undefined && rules.requireAccountId) throw new ReceiptError('ACCOUNT_ID_MISSING')
  if (account !== undefined && account !== rules.userId) throw new ReceiptError('ACCOUNT_MISMATCH')
  return {
    productId,
    module,
    purchaseToken,
    orderId: purchase.orderId,
    quantity: Math.max(1, purchase.quantity ?? 1),
    environment: rules.environment,
    purchasedAt: new Date(Number(purchase.purchaseTimeMillis ?? 0)).toISOString(),
    consumed: purchase.consumptionState === 1,
  }
}

function checkState(purchase: ProductPurchase) {
  if (purchase.purchaseState === 2) throw new ReceiptError('PURCHASE_PENDING')
  if (purchase.purchaseState !== 0) throw new ReceiptError('PURCHASE_CANCELED')
}

/** Purchases by licence testers (`purchaseType` 0) are Play's sandbox. */
export function environmentOf(purchase: ProductPurchase): StoreEnvironment {
  return purchase.purchaseType === 0 ? 'Sandbox' : 'Production'
}

/**
 * The claim id of a Play purchase: the SHA-256 of its purchase token (base64url), so the
 * key stays short and the same token always maps to the same claim (notifications carry
 * the token too).
 *
 * @example
 * await googleClaimId(purchaseToken) // 'q7x…' (43 characters)
 */
export async function googleClaimId(purchaseToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(purchaseToken))
  return toBase64Url(new Uint8Array(digest))
}
