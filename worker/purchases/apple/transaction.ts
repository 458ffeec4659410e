import { z } from 'zod'
import type { ModuleId } from '../../../shared/modules'
import type { StoreEnvironment } from '../environment'
import { ReceiptError } from '../receipt-error'
import { type AppleTrust, verifyAppleJws } from './jws'

/**
 * The fields of a JWSTransactionDecodedPayload we rely on
 * (https://developer.apple.com/documentation/appstoreserverapi/jwstransactiondecodedpayload).
 * Apple adds fields over time, so unknown ones pass through.
 */
const TransactionPayload = z.looseObject({
  transactionId: z.string().min(1).max(64),
  originalTransactionId: z.string().min(1).max(64),
  bundleId: z.string(),
  productId: z.string(),
  purchaseDate: z.number(),
  quantity: z.number().int().min(1).max(100).default(1),
  type: z.string().optional(),
  appAccountToken: z.string().optional(),
  environment: z.string(),
  signedDate: z.number(),
  revocationDate: z.number().optional(),
  revocationReason: z.number().optional(),
})

export type AppleTransaction = z.infer<typeof TransactionPayload>

/** A transaction that passed every check, with the module it unlocks. */
export type VerifiedAppleTransaction = AppleTransaction & {
  module: ModuleId
  environment: StoreEnvironment
}

export type PurchaseRules = {
  bundleId: string
  /** Maps an App Store product id to our module (undefined: not ours). */
  moduleFor(productId: string): ModuleId | undefined
  /** The environment this deployment grants from. */
  environment: StoreEnvironment
  /** The caller's user id; `appAccountToken` must equal it. */
  userId: string
}

/**
 * Verifies a StoreKit 2 signed transaction for a grant: the JWS and its chain
 * (`verifyAppleJws`), then bundle id, product, environment, revocation and
 * `appAccountToken` = the caller. Throws `ReceiptError` with the first failed check.
 *
 * @example
 * const txn = await verifySignedTransaction(jws, { trust, rules: { bundleId, moduleFor, environment, userId } })
 */
export async function verifySignedTransaction(
  jws: string,
  options: { trust: AppleTrust; rules: PurchaseRules },
): Promise<VerifiedAppleTransaction> {
  const transaction = await decodeSignedTransaction(jws, options.trust)
  const { rules } = options
  if (transaction.bundleId !== rules.bundleId) throw new ReceiptError('BUNDLE_MISMATCH')
  const module = rules.moduleFor(transaction.productId)
  if (!module) throw new ReceiptError('UNKNOWN_PRODUCT')
  if (transaction.environment !== rules.environment) throw new ReceiptError('ENVIRONMENT_MISMATCH')
  if (transaction.revocationDate !== undefined) throw new ReceiptError('REVOKED')
  // appAccountToken is a UUID the app sets from our user id; UUIDs compare case-insensitively.
  if (transaction.appAccountToken?.toLowerCase() !== rules.userId.toLowerCase()) {
    throw new ReceiptError('ACCOUNT_MISMATCH')
  }
  return { ...transaction, module, environment: rules.environment }
}

/** Verifies the JWS and its chain and parses the transaction, without the purchase rules. */
export async function decodeSignedTransaction(
  jws: string,
  trust: AppleTrust,
): Promise<AppleTransaction> {
  const parsed = TransactionPayload.safeParse(await verifyAppleJws(jws, trust))
  if (!parsed.success) throw new ReceiptError('MALFORMED', 'The transaction lacks required fields.')
  return parsed.data
}
