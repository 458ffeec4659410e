import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'

/**
 * Test certificate chains shaped like Apple's StoreKit chain (root → WWDR intermediate →
 * receipt-signing leaf, with Apple's marker OIDs), built with pkijs over WebCrypto so the
 * same code runs in Node (the emulator) and in workerd (tests that need broken chains).
 * Keys are generated per call and never written anywhere.
 */
export const APPLE_MARKER = {
  leaf: '1.2.840.113635.100.6.11.1',
  intermediate: '1.2.840.113635.100.6.2.1',
} as const

export type CertificateSpec = {
  commonName: string
  notBefore: Date
  notAfter: Date
  /** basicConstraints cA; undefined leaves the extension out. */
  ca: boolean | undefined
  pathLength?: number
  /** Apple marker extension OID to add, if any. */
  marker?: string
  curve: 'P-256' | 'P-384'
}

export type ChainOverrides = {
  root?: Partial<CertificateSpec>
  intermediate?: Partial<CertificateSpec>
  leaf?: Partial<CertificateSpec>
  /** Sign the leaf with a stranger's key (keeping the intermediate's name as issuer). */
  leafSignedByStranger?: boolean
}

export type TestChain = {
  /** Base64 DER, leaf first: the JWS `x5c` header. */
  x5c: [string, string, string]
  rootSha256: string
  leafKey: CryptoKeyPair
}

const YEAR = 365 * 24 * 3600 * 1000

/**
 * Builds a root, an intermediate and a leaf valid around `now`.
 *
 * @example
 * const chain = await createAppleChain({ leaf: { notAfter: new Date('2020-01-01') } })
 */
export async function createAppleChain(
  overrides: ChainOverrides = {},
  now = new Date(),
): Promise<TestChain> {
  const validity = {
    notBefore: new Date(now.getTime() - YEAR),
    notAfter: new Date(now.getTime() + YEAR),
  }
  const root = spec(
    { commonName: 'Local Test Root CA', ca: true, curve: 'P-384', ...validity },
    overrides.root,
  )
  const intermediate = spec(
    {
      commonName: 'Local Test WWDR',
      ca: true,
      pathLength: 0,
      marker: APPLE_MARKER.intermediate,
      curve: 'P-384',
      ...validity,
    },
    overrides.intermediate,
  )
  const leaf = spec(
    {
      commonName: 'Local Test StoreKit Signing',
      ca: false,
      marker: APPLE_MARKER.leaf,
      curve: 'P-256',
      ...validity,
    },
    overrides.leaf,
  )
  const [rootKey, intermediateKey, leafKey] = await Promise.all(
    [root, intermediate, leaf].map((s) => generateKey(s.curve)),
  )
  const rootDer = await issue(root, root, rootKey as CryptoKeyPair, rootKey as CryptoKeyPair)
  const intermediateDer = await issue(
    intermediate,
    root,
    intermediateKey as CryptoKeyPair,
    rootKey as CryptoKeyPair,
  )
  const leafSigner = overrides.leafSignedByStranger ? await generateKey('P-384') : intermediateKey
  const leafDer = await issue(
    leaf,
    intermediate,
    leafKey as CryptoKeyPair,
    leafSigner as CryptoKeyPair,
  )
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', rootDer))
  return {
    x5c: [leafDer, intermediateDer, rootDer].map(toBase64) as [string, string, string],
    rootSha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
    leafKey: leafKey as CryptoKeyPair,
  }
}

function spec(
  base: CertificateSpec,
  override: Partial<CertificateSpec> | undefined,
): CertificateSpec {
  return { ...base, ...override }
}

function generateKey(curve: CertificateSpec['curve']): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, true, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>
}

let serial = 1

async function issue(
  subject: CertificateSpec,
  issuer: CertificateSpec,
  subjectKey: CryptoKeyPair,
  issuerKey: CryptoKeyPair,
): Promise<ArrayBuffer> {
  const cert = new pkijs.Certificate()
  cert.version = 2
  // asn1js 4 objects work with pkijs (which pins asn1js 3) at run time; only the types differ.
  cert.serialNumber = new asn1js.Integer({
    value: serial++,
  }) as unknown as pkijs.Certificate['serialNumber']
  setName(cert.subject, subject.commonName)
  setName(cert.issuer, issuer.commonName)
  cert.notBefore.value = subject.notBefore
  cert.notAfter.value = subject.notAfter
  cert.extensions = extensionsOf(subject)
  await cert.subjectPublicKeyInfo.importKey(subjectKey.publicKey)
  await cert.sign(issuerKey.privateKey, 'SHA-384')
  return cert.toSchema(true).toBER(false)
}

function setName(name: pkijs.RelativeDistinguishedNames, commonName: string) {
  name.typesAndValues.push(
    new pkijs.AttributeTypeAndValue({
      type: '2.5.4.3',
      value: utf8(commonName),
    }),
    new pkijs.AttributeTypeAndValue({
      type: '2.5.4.10',
      value: utf8('Local Test'),
    }),
  )
}

function utf8(value: string): pkijs.AttributeTypeAndValue['value'] {
  return new asn1js.Utf8String({ value }) as unknown as pkijs.AttributeTypeAndValue['value']
}

function extensionsOf(s: CertificateSpec): pkijs.Extension[] {
  const extensions: pkijs.Extension[] = []
  if (s.ca !== undefined) {
    const constraints = new pkijs.BasicConstraints({
      cA: s.ca,
      ...(s.pathLength !== undefined ? { pathLenConstraint: s.pathLength } : {}),
    })
    extensions.push(
      new pkijs.Extension({
        extnID: '2.5.29.19',
        critical: true,
        extnValue: constraints.toSchema().toBER(false),
      }),
    )
  }
  // keyCertSign + cRLSign for CAs (bits 5, 6), digitalSignature for the leaf (bit 0).
  const usage = s.ca ? new Uint8Array([0x06]) : new Uint8Array([0x80])
  const bits = new asn1js.BitString({ valueHex: usage.buffer, unusedBits: s.ca ? 1 : 7 })
  extensions.push(
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: bits.toBER(false) }),
  )
  if (s.marker) {
    extensions.push(
      new pkijs.Extension({
        extnID: s.marker,
        critical: false,
        extnValue: new asn1js.Null().toBER(false),
      }),
    )
  }
  return extensions
}

function toBase64(der: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(der)))
}
