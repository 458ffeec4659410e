import { compactVerify, decodeProtectedHeader } from 'jose'
import { ReceiptError } from '../receipt-error'
import { importEcKey } from './certificate'
import { type ChainOptions, verifyAppleChain } from './chain'

/** What every Apple-signed JWS is checked against: the pinned root and the clock. */
export type AppleTrust = ChainOptions

/**
 * Verifies a JWS signed by the App Store (StoreKit 2 transactions, App Store Server
 * Notifications V2 payloads, App Store Server API answers): `alg` is ES256, the `x5c`
 * chain passes `verifyAppleChain`, and the signature matches the leaf's P-256 key.
 * Answers the decoded JSON payload; throws `ReceiptError` otherwise.
 *
 * @example
 * const payload = await verifyAppleJws(signedTransaction, { rootSha256, now: new Date() })
 */
export async function verifyAppleJws(jws: string, trust: AppleTrust): Promise<unknown> {
  const header = protectedHeader(jws)
  if (header.alg !== 'ES256') throw new ReceiptError('ALG_NOT_ES256')
  const leaf = await verifyAppleChain(header.x5c, trust)
  if (leaf.curve !== 'P-256')
    throw new ReceiptError('JWS_SIGNATURE_INVALID', 'ES256 needs a P-256 key.')
  let payload: Uint8Array
  try {
    payload = (await compactVerify(jws, await importEcKey(leaf), { algorithms: ['ES256'] })).payload
  } catch {
    throw new ReceiptError('JWS_SIGNATURE_INVALID')
  }
  try {
    return JSON.parse(new TextDecoder().decode(payload)) as unknown
  } catch {
    throw new ReceiptError('MALFORMED', 'The JWS payload is not JSON.')
  }
}

function protectedHeader(jws: string) {
  if (typeof jws !== 'string' || jws.split('.').length !== 3) throw new ReceiptError('MALFORMED')
  try {
    return decodeProtectedHeader(jws)
  } catch {
    throw new ReceiptError('MALFORMED')
  }
}
