import { base64ToBytes as decodeBase64, toHex } from '../../lib/bytes'
import { ReceiptError } from '../receipt-error'
import {
  type Certificate,
  parseCertificate,
  signedBy,
  unknownCriticalExtension,
} from './certificate'

/** Marker extensions Apple puts on its StoreKit signing certificates. */
export const APPLE_OID = {
  leaf: '1.2.840.113635.100.6.11.1',
  intermediate: '1.2.840.113635.100.6.2.1',
} as const

/**
 * SHA-256 of Apple Root CA - G3 (https://www.apple.com/certificateauthority/AppleRootCA-G3.cer),
 * the production trust anchor; the same value is pinned by Apple's App Store Server
 * libraries' users, e.g. agisboye/app-store-server-api `src/AppleRootCertificate.ts`, and
 * the test fixture `test/fixtures/apple/AppleRootCA-G3.pem` hashes to it.
 */
export const APPLE_ROOT_CA_G3_SHA256 =
  '63343abfb89a6a03ebb57e9b3f5fa7be7c4f5c756f3017b3a8c488c3653e9179'

const KEY_USAGE = { digitalSignature: 1 << 0, keyCertSign: 1 << 5 } as const

export type ChainOptions = {
  /** Hex SHA-256 of the trusted root certificate (colons and case ignored). */
  rootSha256: string
  now: Date
}

/**
 * Checks a StoreKit `x5c` chain — leaf, Apple WWDR intermediate, root — and returns the
 * leaf: the root is the pinned one, every certificate is valid at `now`, the CA flags and
 * key usages fit each position, Apple's marker OIDs are present, and each certificate is
 * signed by the next. Throws `ReceiptError` naming the first check that failed.
 *
 * @example
 * const leaf = await verifyAppleChain(header.x5c, { rootSha256: APPLE_ROOT_CA_G3_SHA256, now })
 */
export async function verifyAppleChain(x5c: unknown, options: ChainOptions): Promise<Certificate> {
  if (!Array.isArray(x5c) || x5c.length !== 3 || !x5c.every((c) => typeof c === 'string')) {
    throw new ReceiptError('CHAIN_INCOMPLETE')
  }
  const ders = x5c.map(base64ToBytes)
  const rootHash = toHex(
    new Uint8Array(await crypto.subtle.digest('SHA-256', ders[2] as BufferSource)),
  )
  if (rootHash !== normaliseFingerprint(options.rootSha256)) throw new ReceiptError('WRONG_ROOT')
  const [leaf, intermediate, root] = ders.map(parseOrReject) as [
    Certificate,
    Certificate,
    Certificate,
  ]
  for (const cert of [root, intermediate, leaf]) checkValidity(cert, options.now)
  checkAuthority(root, 1)
  checkAuthority(intermediate, 0)
  checkLeaf(leaf)
  if (
    !intermediate.extensions.has(APPLE_OID.intermediate) ||
    !leaf.extensions.has(APPLE_OID.leaf)
  ) {
    throw new ReceiptError('MISSING_APPLE_OID')
  }
  if (
    !sameBytes(leaf.issuer, intermediate.subject) ||
    !sameBytes(intermediate.issuer, root.subject)
  ) {
    throw new ReceiptError('CHAIN_SIGNATURE_INVALID', 'The chain is out of order.')
  }
  if (!(await signedBy(intermediate, root)) || !(await signedBy(leaf, intermediate))) {
    throw new ReceiptError('CHAIN_SIGNATURE_INVALID')
  }
  return leaf
}

function parseOrReject(der: Uint8Array): Certificate {
  try {
    return parseCertificate(der)
  } catch {
    throw new ReceiptError('CERT_MALFORMED')
  }
}

function checkValidity(cert: Certificate, now: Date) {
  if (now < cert.notBefore) throw new ReceiptError('CERT_NOT_YET_VALID')
  if (now > cert.notAfter) throw new ReceiptError('CERT_EXPIRED')
  if (unknownCriticalExtension(cert)) throw new ReceiptError('UNSUPPORTED_CRITICAL_EXTENSION')
}

/** A CA that `below` more CAs may follow (RFC 5280 §4.2.1.9). */
function checkAuthority(cert: Certificate, below: number) {
  if (!cert.isCa) throw new ReceiptError('NOT_A_CA')
  if (cert.pathLength !== undefined && cert.pathLength < below) throw new ReceiptError('NOT_A_CA')
  if (cert.keyUsage !== undefined && !(cert.keyUsage & KEY_USAGE.keyCertSign)) {
    throw new ReceiptError('KEY_USAGE_INVALID')
  }
}

function checkLeaf(cert: Certificate) {
  if (cert.isCa) throw new ReceiptError('LEAF_IS_CA')
  if (cert.keyUsage !== undefined && !(cert.keyUsage & KEY_USAGE.digitalSignature)) {
    throw new ReceiptError('KEY_USAGE_INVALID')
  }
}

export function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replaceAll(':', '').trim().toLowerCase()
}

export function base64ToBytes(text: string): Uint8Array {
  try {
    return decodeBase64(text)
  } catch {
    throw new ReceiptError('CERT_MALFORMED')
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
