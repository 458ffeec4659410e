import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'

/**
 * A certificate authority made for this process, and a loopback server certificate it
 * issues, so the emulators can serve HTTPS (and with it HTTP/2, which clients such as the
 * AWS SDK's `NodeHttp2Handler` negotiate over TLS) to clients that trust `caPem`. Nothing
 * is written to disk and the keys never leave the process.
 */
export type LocalTls = {
  /** The CA certificate (PEM): the trust root a client configures (`ca`). */
  caPem: string
  /** The server's certificate (PEM) for 127.0.0.1 and localhost, issued by the CA. */
  certPem: string
  /** The server's private key (PKCS #8 PEM). */
  keyPem: string
}

const KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const
const DAY = 24 * 3600 * 1000
const OID = {
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
}

let shared: Promise<LocalTls> | undefined

/**
 * The process's loopback TLS material, made on first use and shared by every emulator
 * that serves HTTPS (one trust root for a client to configure).
 *
 * @example
 * const tls = await localTls()
 * http2.createSecureServer({ key: tls.keyPem, cert: tls.certPem })
 * // client: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: tls.caPem } })
 */
export function localTls(): Promise<LocalTls> {
  shared ??= createLocalTls()
  return shared
}

async function createLocalTls(now = new Date()): Promise<LocalTls> {
  const [caKeys, serverKeys] = await Promise.all([generateKey(), generateKey()])
  const validity = {
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 30 * DAY),
  }
  const caName = 'IELTS local emulators CA'
  const ca = await issue({
    subject: caName,
    issuer: caName,
    ...validity,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      extension(
        OID.basicConstraints,
        new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 }).toSchema(),
        true,
      ),
      // keyCertSign and cRLSign (bits 5 and 6).
      extension(
        OID.keyUsage,
        new asn1js.BitString({ valueHex: new Uint8Array([0x06]).buffer, unusedBits: 1 }),
        true,
      ),
    ],
  })
  const server = await issue({
    subject: '127.0.0.1',
    issuer: caName,
    ...validity,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      extension(OID.basicConstraints, new pkijs.BasicConstraints({ cA: false }).toSchema(), true),
      // digitalSignature (bit 0).
      extension(
        OID.keyUsage,
        new asn1js.BitString({ valueHex: new Uint8Array([0x80]).buffer, unusedBits: 7 }),
        true,
      ),
      extension(
        OID.extKeyUsage,
        new pkijs.ExtKeyUsage({ keyPurposes: [OID.serverAuth] }).toSchema(),
        false,
      ),
      extension(
        OID.subjectAltName,
        new pkijs.AltName({
          altNames: [
            new pkijs.GeneralName({
              type: 7,
              value: new asn1js.OctetString({ valueHex: new Uint8Array([127, 0, 0, 1]).buffer }),
            }),
            new pkijs.GeneralName({ type: 2, value: 'localhost' }),
          ],
        }).toSchema(),
        false,
      ),
    ],
  })
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey)
  return {
    caPem: pem('CERTIFICATE', ca),
    certPem: pem('CERTIFICATE', server),
    keyPem: pem('PRIVATE KEY', pkcs8),
  }
}

function generateKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY, true, ['sign', 'verify']) as Promise<CryptoKeyPair>
}

type Issue = {
  subject: string
  issuer: string
  notBefore: Date
  notAfter: Date
  publicKey: CryptoKey
  signingKey: CryptoKey
  extensions: pkijs.Extension[]
}

async function issue(spec: Issue): Promise<ArrayBuffer> {
  const cert = new pkijs.Certificate()
  cert.version = 2
  const serial = crypto.getRandomValues(new Uint8Array(12))
  serial[0]! &= 0x7f
  // asn1js 4 objects work with pkijs (which pins asn1js 3) at run time; only the types differ.
  cert.serialNumber = new asn1js.Integer({
    valueHex: serial.buffer,
  }) as unknown as pkijs.Certificate['serialNumber']
  cert.subject.typesAndValues.push(commonName(spec.subject))
  cert.issuer.typesAndValues.push(commonName(spec.issuer))
  cert.notBefore.value = spec.notBefore
  cert.notAfter.value = spec.notAfter
  cert.extensions = spec.extensions
  await cert.subjectPublicKeyInfo.importKey(spec.publicKey)
  await cert.sign(spec.signingKey, 'SHA-256')
  return cert.toSchema(true).toBER(false)
}

function commonName(value: string): pkijs.AttributeTypeAndValue {
  return new pkijs.AttributeTypeAndValue({
    type: OID.commonName,
    value: new asn1js.Utf8String({ value }) as unknown as pkijs.AttributeTypeAndValue['value'],
  })
}

function extension(
  extnID: string,
  value: { toBER(sizeOnly?: boolean): ArrayBuffer },
  critical: boolean,
) {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) })
}

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64')
  return `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`
}
