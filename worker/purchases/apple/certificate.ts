import { toHex } from '../../lib/bytes'
import {
  children,
  contextTag,
  DerError,
  expectTag,
  readBitString,
  readBoolean,
  readOid,
  readOnly,
  readTime,
  TAG,
  type Tlv,
} from './der'

/**
 * The fields of an X.509 v3 certificate (RFC 5280 §4.1) that a chain check needs, read
 * with the strict DER reader. Only EC keys are accepted: every certificate of Apple's
 * StoreKit chain is ECDSA (root and intermediate P-384, leaf P-256).
 */
export type Certificate = {
  der: Uint8Array
  /** The exact bytes the issuer signed. */
  tbs: Uint8Array
  signatureAlgorithm: string
  signature: Uint8Array
  issuer: Uint8Array
  subject: Uint8Array
  notBefore: Date
  notAfter: Date
  /** SubjectPublicKeyInfo, ready for `crypto.subtle.importKey('spki', …)`. */
  spki: Uint8Array
  curve: EcCurve
  extensions: Map<string, { critical: boolean; value: Uint8Array }>
  isCa: boolean
  pathLength: number | undefined
  /** Key usage bits (bit 0 = digitalSignature, 5 = keyCertSign), when the extension is present. */
  keyUsage: number | undefined
}

export type EcCurve = 'P-256' | 'P-384' | 'P-521'

const EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const CURVES: Record<string, EcCurve> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
}
const ECDSA_HASHES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
}
const COORDINATE_BYTES: Record<EcCurve, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 }

export const EXTENSION = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
} as const

/** Extensions this code understands or that carry no constraint for a signature chain. */
const RECOGNISED = new Set<string>([
  EXTENSION.basicConstraints,
  EXTENSION.keyUsage,
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.32', // certificatePolicies
  '2.5.29.31', // cRLDistributionPoints
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
  '1.2.840.113635.100.6.2.1', // Apple WWDR intermediate marker
  '1.2.840.113635.100.6.11.1', // Apple receipt-signing leaf marker
])

/**
 * Parses one DER certificate; throws `DerError` on anything malformed or unsupported.
 *
 * @example
 * const cert = parseCertificate(base64ToBytes(x5c[0]))
 * cert.extensions.has('1.2.840.113635.100.6.11.1')
 */
export function parseCertificate(der: Uint8Array): Certificate {
  const [tbsTlv, algorithm, signatureTlv, ...extra] = children(readOnly(der, TAG.sequence))
  if (extra.length > 0) throw new DerError('a certificate has three parts')
  const tbs = expectTag(tbsTlv, TAG.sequence)
  const signatureAlgorithm = algorithmOid(expectTag(algorithm, TAG.sequence))
  const fields = children(tbs)
  if (fields[0]?.tag !== contextTag(0)) throw new DerError('only X.509 v3 certificates')
  const [, , innerAlgorithm, issuer, validity, subject, spki, ...rest] = fields
  if (algorithmOid(expectTag(innerAlgorithm, TAG.sequence)) !== signatureAlgorithm) {
    throw new DerError('the signed and unsigned signature algorithms differ')
  }
  const [notBefore, notAfter] = children(expectTag(validity, TAG.sequence)).map(readTime)
  if (!notBefore || !notAfter) throw new DerError('validity needs two times')
  const extensions = readExtensions(rest.find((item) => item.tag === contextTag(3)))
  const constraints = basicConstraints(extensions.get(EXTENSION.basicConstraints)?.value)
  return {
    der,
    tbs: tbs.bytes,
    signatureAlgorithm,
    signature: readBitString(signatureTlv as Tlv),
    issuer: expectTag(issuer, TAG.sequence).bytes,
    subject: expectTag(subject, TAG.sequence).bytes,
    notBefore,
    notAfter,
    spki: expectTag(spki, TAG.sequence).bytes,
    curve: ecCurve(spki as Tlv),
    extensions,
    ...constraints,
    keyUsage: keyUsage(extensions.get(EXTENSION.keyUsage)?.value),
  }
}

/** Critical extensions nobody here understands make the certificate unusable (RFC 5280 §4.2). */
export function unknownCriticalExtension(cert: Certificate): string | undefined {
  for (const [oid, { critical }] of cert.extensions)
    if (critical && !RECOGNISED.has(oid)) return oid
  return undefined
}

/** Whether `issuerKey` signed `cert` (ECDSA over the TBS bytes with the named hash). */
export async function signedBy(cert: Certificate, issuer: Certificate): Promise<boolean> {
  const hash = ECDSA_HASHES[cert.signatureAlgorithm]
  if (!hash) return false
  const key = await importEcKey(issuer)
  const signature = ecdsaDerToRaw(cert.signature, COORDINATE_BYTES[issuer.curve])
  if (!signature) return false
  return crypto.subtle.verify(
    { name: 'ECDSA', hash },
    key,
    signature as BufferSource,
    cert.tbs as BufferSource,
  )
}

/** The certificate's public key for ECDSA verification. */
export function importEcKey(cert: Certificate): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'spki',
    cert.spki as BufferSource,
    { name: 'ECDSA', namedCurve: cert.curve },
    false,
    ['verify'],
  )
}

/** `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` → r‖s as WebCrypto wants it. */
function ecdsaDerToRaw(signature: Uint8Array, size: number): Uint8Array | undefined {
  try {
    const [r, s, ...extra] = children(readOnly(signature, TAG.sequence))
    if (!r || !s || extra.length > 0) return undefined
    const raw = new Uint8Array(size * 2)
    for (const [i, part] of [r, s].entries()) {
      let value = expectTag(part, TAG.integer).value
      while (value.length > 1 && value[0] === 0) value = value.subarray(1)
      if (value.length > size) return undefined
      raw.set(value, (i + 1) * size - value.length)
    }
    return raw
  } catch {
    return undefined
  }
}

function algorithmOid(sequence: Tlv): string {
  return readOid(children(sequence)[0] as Tlv)
}

function ecCurve(spki: Tlv): EcCurve {
  const [algorithm] = children(spki)
  const [keyType, parameters] = children(expectTag(algorithm, TAG.sequence))
  if (readOid(keyType as Tlv) !== EC_PUBLIC_KEY) throw new DerError('only EC public keys')
  const curve = CURVES[readOid(expectTag(parameters, TAG.oid))]
  if (!curve) throw new DerError('unsupported curve')
  return curve
}

function readExtensions(wrapper: Tlv | undefined): Certificate['extensions'] {
  const extensions: Certificate['extensions'] = new Map()
  if (!wrapper) return extensions
  const [list] = children(wrapper)
  for (const extension of children(expectTag(list, TAG.sequence))) {
    const parts = children(expectTag(extension, TAG.sequence))
    const oid = readOid(parts[0] as Tlv)
    const critical = parts.length === 3 ? readBoolean(parts[1] as Tlv) : false
    const value = expectTag(parts[parts.length - 1], TAG.octetString).value
    if (extensions.has(oid)) throw new DerError('an extension appears twice')
    extensions.set(oid, { critical, value })
  }
  return extensions
}

/** `BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }` */
function basicConstraints(value: Uint8Array | undefined) {
  if (!value) return { isCa: false, pathLength: undefined }
  const parts = children(readOnly(value, TAG.sequence))
  const isCa = parts[0]?.tag === TAG.boolean ? readBoolean(parts[0]) : false
  const length = parts.find((part) => part.tag === TAG.integer)?.value
  return { isCa, pathLength: length ? Number.parseInt(toHex(length), 16) : undefined }
}

/** `KeyUsage ::= BIT STRING`; bit 0 is the most significant bit of the first byte. */
function keyUsage(value: Uint8Array | undefined): number | undefined {
  if (!value) return undefined
  const bits = readBitString(readOnly(value, TAG.bitString), true)
  let usage = 0
  for (let bit = 0; bit < Math.min(bits.length * 8, 9); bit++) {
    if ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) usage |= 1 << bit
  }
  return usage
}
