import { CompactSign } from 'jose'
import type { TestChain } from './chain'

/**
 * Signs App Store data the way Apple does: a compact JWS, ES256 with the leaf key, the
 * chain in `x5c`. Used by the emulator and by tests that mint their own transactions.
 *
 * @example
 * const jws = await signAppleJws(chain, transactionPayload({ appAccountToken: userId, … }))
 */
export async function signAppleJws(
  chain: Pick<TestChain, 'x5c' | 'leafKey'>,
  payload: object,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', x5c: chain.x5c, ...header })
    .sign(chain.leafKey.privateKey)
}

export type TransactionFields = {
  transactionId: string
  bundleId: string
  productId: string
  appAccountToken?: string
  environment: 'Production' | 'Sandbox'
  purchaseDate: number
  quantity?: number
  revocationDate?: number
}

/** A JWSTransactionDecodedPayload for a consumable, as StoreKit 2 signs it. */
export function transactionPayload(fields: TransactionFields): Record<string, unknown> {
  return {
    transactionId: fields.transactionId,
    originalTransactionId: fields.transactionId,
    bundleId: fields.bundleId,
    productId: fields.productId,
    purchaseDate: fields.purchaseDate,
    originalPurchaseDate: fields.purchaseDate,
    quantity: fields.quantity ?? 1,
    type: 'Consumable',
    inAppOwnershipType: 'PURCHASED',
    signedDate: Date.now(),
    environment: fields.environment,
    transactionReason: 'PURCHASE',
    storefront: 'USA',
    storefrontId: '143441',
    price: 36000,
    currency: 'USD',
    ...(fields.appAccountToken ? { appAccountToken: fields.appAccountToken } : {}),
    ...(fields.revocationDate
      ? { revocationDate: fields.revocationDate, revocationReason: 0 }
      : {}),
  }
}

/** The build of the app the emulated notifications name (`data.bundleVersion`). */
export const LOCAL_BUNDLE_VERSION = '1'

/**
 * A responseBodyV2DecodedPayload (App Store Server Notifications V2), with the `data`
 * Apple sends for a one-time purchase: `appAppleId` in Production only (Apple omits it in
 * the sandbox), `bundleId`, `bundleVersion`, `environment`, `signedTransactionInfo`.
 * `status` and `signedRenewalInfo` describe auto-renewable subscriptions, which we do not
 * sell, so they are left out as Apple leaves them out.
 */
export function notificationPayload(fields: {
  notificationType: string
  subtype?: string
  notificationUUID: string
  bundleId: string
  /** The app's Apple ID; sent only with `environment: 'Production'`. */
  appAppleId?: number
  environment: 'Production' | 'Sandbox'
  signedTransactionInfo?: string
}): Record<string, unknown> {
  return {
    notificationType: fields.notificationType,
    ...(fields.subtype ? { subtype: fields.subtype } : {}),
    notificationUUID: fields.notificationUUID,
    version: '2.0',
    signedDate: Date.now(),
    data: {
      ...(fields.environment === 'Production' && fields.appAppleId !== undefined
        ? { appAppleId: fields.appAppleId }
        : {}),
      bundleId: fields.bundleId,
      bundleVersion: LOCAL_BUNDLE_VERSION,
      environment: fields.environment,
      ...(fields.signedTransactionInfo
        ? { signedTransactionInfo: fields.signedTransactionInfo }
        : {}),
    },
  }
}
