import { z } from 'zod'
import { ReceiptError } from '../receipt-error'
import { type AppleTrust, verifyAppleJws } from './jws'
import { type AppleTransaction, decodeSignedTransaction } from './transaction'

/**
 * The fields of responseBodyV2DecodedPayload we act on
 * (https://developer.apple.com/documentation/appstoreservernotifications/responsebodyv2decodedpayload).
 */
const NotificationPayload = z.looseObject({
  notificationType: z.string().min(1).max(64),
  subtype: z.string().max(64).optional(),
  notificationUUID: z.string().min(1).max(64),
  version: z.string().optional(),
  signedDate: z.number().optional(),
  data: z
    .looseObject({
      appAppleId: z.number().optional(),
      bundleId: z.string().optional(),
      environment: z.string().optional(),
      signedTransactionInfo: z.string().optional(),
    })
    .optional(),
})

export type AppleNotification = {
  notificationType: string
  subtype: string | undefined
  notificationUUID: string
  environment: string | undefined
  /** The inner signed transaction, verified with the same chain checks, when present. */
  transaction: AppleTransaction | undefined
}

/**
 * Verifies an App Store Server Notification V2 `signedPayload` and its inner
 * `signedTransactionInfo` (both ES256 with the pinned chain) and checks the bundle id and,
 * for a Production notification, the app's Apple ID (`data.appAppleId`, as Apple's
 * SignedDataVerifier does; sandbox notifications carry none). The environment is
 * reported, not enforced: a refund must be honoured wherever it lands.
 *
 * @example
 * const notification = await verifyNotification(body.signedPayload, { trust, bundleId, appAppleId })
 */
export async function verifyNotification(
  signedPayload: string,
  options: { trust: AppleTrust; bundleId: string; appAppleId: number | undefined },
): Promise<AppleNotification> {
  const parsed = NotificationPayload.safeParse(await verifyAppleJws(signedPayload, options.trust))
  if (!parsed.success)
    throw new ReceiptError('MALFORMED', 'The notification lacks required fields.')
  const { data, ...payload } = parsed.data
  if (data?.bundleId !== undefined && data.bundleId !== options.bundleId) {
    throw new ReceiptError('BUNDLE_MISMATCH')
  }
  // Unset only outside production (the config refuses that there), where it is not checked.
  const production = data?.environment === 'Production'
  if (production && options.appAppleId !== undefined && data?.appAppleId !== options.appAppleId) {
    throw new ReceiptError('APP_MISMATCH')
  }
  const transaction = data?.signedTransactionInfo
    ? await decodeSignedTransaction(data.signedTransactionInfo, options.trust)
    : undefined
  if (transaction && transaction.bundleId !== options.bundleId) {
    throw new ReceiptError('BUNDLE_MISMATCH')
  }
  return {
    notificationType: payload.notificationType,
    subtype: payload.subtype,
    notificationUUID: payload.notificationUUID,
    environment: data?.environment,
    transaction,
  }
}
