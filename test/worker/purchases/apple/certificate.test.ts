import { describe, expect, it } from 'vitest'
import { createAppleChain } from '../../../../local/emulators/apple/chain'
import {
  parseCertificate,
  signedBy,
  unknownCriticalExtension,
} from '../../../../worker/purchases/apple/certificate'
import { APPLE_ROOT_CA_G3_SHA256, base64ToBytes } from '../../../../worker/purchases/apple/chain'
import { DerError, readTlv } from '../../../../worker/purchases/apple/der'
import { APPLE_ROOT_CA_G3_PEM } from '../../../fixtures/apple/apple-root-ca-g3'

const appleRoot = () => base64ToBytes(APPLE_ROOT_CA_G3_PEM.replace(/-----[A-Z ]+-----|\s/g, ''))

describe('parseCertificate on Apple Root CA - G3', () => {
  it('hashes to the pinned production fingerprint', async () => {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', appleRoot()))
    const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
    expect(hex).toBe(APPLE_ROOT_CA_G3_SHA256)
  })

  it('reads validity, the P-384 key, the CA flag and key usage', () => {
    const root = parseCertificate(appleRoot())
    expect(root.notBefore.toISOString()).toBe('2014-04-30T18:19:06.000Z')
    expect(root.notAfter.toISOString()).toBe('2039-04-30T18:19:06.000Z')
    expect(root.curve).toBe('P-384')
    expect(root.isCa).toBe(true)
    expect(root.keyUsage).toBe((1 << 5) | (1 << 6))
    expect(root.signatureAlgorithm).toBe('1.2.840.10045.4.3.3')
    expect(unknownCriticalExtension(root)).toBeUndefined()
  })

  it('verifies Apple’s self-signature over the exact signed bytes', async () => {
    const root = parseCertificate(appleRoot())
    expect(await signedBy(root, root)).toBe(true)
    const tampered = appleRoot()
    const at = tampered.length - 10
    tampered[at] = (tampered[at] as number) ^ 0x01
    expect(await signedBy(parseCertificate(tampered), root)).toBe(false)
  })
})

describe('parseCertificate on pkijs-built certificates', () => {
  it('reads the leaf and intermediate markers, CA flags and path length', async () => {
    const chain = await createAppleChain()
    const [leaf, intermediate] = chain.x5c.map((c) => parseCertificate(base64ToBytes(c)))
    expect(leaf?.extensions.has('1.2.840.113635.100.6.11.1')).toBe(true)
    expect(leaf?.isCa).toBe(false)
    expect(leaf?.curve).toBe('P-256')
    expect(intermediate?.extensions.has('1.2.840.113635.100.6.2.1')).toBe(true)
    expect(intermediate?.isCa).toBe(true)
    expect(intermediate?.pathLength).toBe(0)
  })
})

describe('the DER reader', () => {
  it('refuses indefinite and non-minimal lengths and truncation', () => {
    expect(() => readTlv(new Uint8Array([0x30, 0x80, 0x00, 0x00]))).toThrow(DerError)
    expect(() => readTlv(new Uint8Array([0x04, 0x81, 0x05, 1, 2, 3, 4, 5]))).toThrow(/non-minimal/)
    expect(() => readTlv(new Uint8Array([0x04, 0x05, 1, 2]))).toThrow(/past the end/)
  })

  it('refuses a certificate with trailing bytes', () => {
    const padded = new Uint8Array([...appleRoot(), 0])
    expect(() => parseCertificate(padded)).toThrow(/trailing/)
  })
})
