import { ApiError } from '../../shared/errors'

/**
 * Why a store receipt or notification was refused. Stable codes that clients, support and
 * tests switch on; they reach clients as 422 `INVALID_RECEIPT` with `details.reason`.
 */
export const RECEIPT_REASONS = {
  MALFORMED: 'The signed data is not a well-formed JWS of the expected shape.',
  ALG_NOT_ES256: 'The JWS is not signed with ES256.',
  CHAIN_INCOMPLETE: 'The x5c header must hold the leaf, intermediate and root certificates.',
  CERT_MALFORMED: 'A certificate of the chain could not be read.',
  WRONG_ROOT: 'The chain does not end in the trusted Apple root certificate.',
  CERT_EXPIRED: 'A certificate of the chain has expired.',
  CERT_NOT_YET_VALID: 'A certificate of the chain is not valid yet.',
  NOT_A_CA: 'A certificate that signs others is not marked as a certificate authority.',
  LEAF_IS_CA: 'The signing certificate is marked as a certificate authority.',
  KEY_USAGE_INVALID: 'A certificate is not allowed to sign what it signed.',
  UNSUPPORTED_CRITICAL_EXTENSION: 'A certificate has a critical extension we do not understand.',
  MISSING_APPLE_OID: 'A certificate lacks the marker Apple puts on receipt-signing certificates.',
  CHAIN_SIGNATURE_INVALID: 'A certificate of the chain is not signed by the next one.',
  JWS_SIGNATURE_INVALID: 'The JWS signature does not match the signing certificate.',
  BUNDLE_MISMATCH: 'The purchase belongs to another app.',
  APP_MISMATCH: "The notification names another app's Apple ID.",
  PACKAGE_MISMATCH: 'The purchase belongs to another app.',
  UNKNOWN_PRODUCT: 'The product is not one of our modules.',
  PRODUCT_MISMATCH: 'The purchase is for another product than the one named.',
  REVOKED: 'The purchase was refunded or revoked.',
  ENVIRONMENT_MISMATCH: 'The purchase was made in another store environment than this deployment.',
  ACCOUNT_MISMATCH: 'The purchase was made for another account.',
  ACCOUNT_ID_MISSING:
    'The purchase does not name the account it was made for; the app must set obfuscatedAccountId.',
  PURCHASE_PENDING: 'The payment is still pending; try again once it completes.',
  PURCHASE_CANCELED: 'The purchase was canceled.',
  PURCHASE_NOT_FOUND: 'The store does not know this purchase.',
} as const

export type ReceiptReason = keyof typeof RECEIPT_REASONS

/**
 * A receipt check that failed, with its stable reason.
 *
 * @example
 * throw new ReceiptError('WRONG_ROOT')
 */
export class ReceiptError extends Error {
  readonly reason: ReceiptReason
  constructor(reason: ReceiptReason, message: string = RECEIPT_REASONS[reason]) {
    super(message)
    this.name = 'ReceiptError'
    this.reason = reason
  }
}

/** The client-facing error: 422 `INVALID_RECEIPT` with `details.reason`. */
export function invalidReceipt(error: ReceiptError): ApiError {
  return new ApiError('INVALID_RECEIPT', error.message, {
    details: { reason: error.reason },
    cause: error,
  })
}

/** Runs a check and turns a `ReceiptError` into the 422 answer. */
export async function asClientError<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check()
  } catch (error) {
    if (error instanceof ReceiptError) throw invalidReceipt(error)
    throw error
  }
}
