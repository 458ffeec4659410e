import { CompactSign } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type ChainOverrides,
  createAppleChain,
  type TestChain,
} from '../../../../local/emulators/apple/chain'
import { signAppleJws, transactionPayload } from '../../../../local/emulators/apple/mint'
import type { ModuleId } from '../../../../shared/modules'
import { verifySignedTransaction } from '../../../../worker/purchases/apple/transaction'
import type { StoreEnvironment } from '../../../../worker/purchases/environment'
import { ReceiptError } from '../../../../worker/purchases/receipt-error'

const BUNDLE = 'com.example.ielts'
const PRODUCT = 'com.example.ielts.academic_writing'
const NOW = new Date()

let good: TestChain

beforeAll(async () => {
  good = await createAppleChain({}, NOW)
})

function payload(userId: string, fields: Record<string, unknown> = {}) {
  return {
    ...transactionPayload({
      transactionId: String(Date.now()),
      bundleId: BUNDLE,
      productId: PRODUCT,
      appAccountToken: userId,
      environment: 'Sandbox',
      purchaseDate: NOW.getTime(),
    }),
    ...fields,
  }
}

function verify(
  jws: string,
  options: { userId: string; rootSha256?: string; environment?: StoreEnvironment },
) {
  return verifySignedTransaction(jws, {
    trust: { rootSha256: options.rootSha256 ?? good.rootSha256, now: NOW },
    rules: {
      bundleId: BUNDLE,
      moduleFor: (id): ModuleId | undefined => (id === PRODUCT ? 'academic_writing' : undefined),
      environment: options.environment ?? 'Sandbox',
      userId: options.userId,
    },
  })
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ReceiptError)
  return (error as ReceiptError).reason
}

/** A transaction signed by a chain built with `overrides`, trusted by its own root pin. */
async function withChain(overrides: ChainOverrides) {
  const chain = await createAppleChain(overrides, NOW)
  const userId = crypto.randomUUID()
  const jws = await signAppleJws(chain, payload(userId))
  return verify(jws, { userId, rootSha256: chain.rootSha256 })
}

describe('verifySignedTransaction', () => {
  it('accepts a well-signed transaction and names the module it unlocks', async () => {
    const userId = crypto.randomUUID()
    const txn = await verify(await signAppleJws(good, payload(userId)), { userId })
    expect(txn).toMatchObject({ module: 'academic_writing', productId: PRODUCT, quantity: 1 })
  })

  it('compares appAccountToken with the user id case-insensitively', async () => {
    const userId = crypto.randomUUID()
    const jws = await signAppleJws(good, payload(userId.toUpperCase()))
    await expect(verify(jws, { userId })).resolves.toMatchObject({ productId: PRODUCT })
  })

  describe('refuses the chain', () => {
    it('WRONG_ROOT when it ends in another root than the pinned one', async () => {
      const other = await createAppleChain({}, NOW)
      const userId = crypto.randomUUID()
      const jws = await signAppleJws(other, payload(userId))
      expect(await reason(verify(jws, { userId }))).toBe('WRONG_ROOT')
    })

    it('CERT_EXPIRED when the leaf has expired', async () => {
      const expired = {
        notBefore: new Date('2020-01-01'),
        notAfter: new Date(NOW.getTime() - 1000),
      }
      expect(await reason(withChain({ leaf: expired }))).toBe('CERT_EXPIRED')
    })

    it('CERT_NOT_YET_VALID when the intermediate starts in the future', async () => {
      const future = { notBefore: new Date(NOW.getTime() + 60_000) }
      expect(await reason(withChain({ intermediate: future }))).toBe('CERT_NOT_YET_VALID')
    })

    it('MISSING_APPLE_OID when the leaf lacks the receipt-signing marker', async () => {
      expect(await reason(withChain({ leaf: { marker: undefined } }))).toBe('MISSING_APPLE_OID')
    })

    it('MISSING_APPLE_OID when the intermediate lacks the WWDR marker', async () => {
      expect(await reason(withChain({ intermediate: { marker: undefined } }))).toBe(
        'MISSING_APPLE_OID',
      )
    })

    it('CHAIN_SIGNATURE_INVALID when the leaf is not signed by the intermediate', async () => {
      expect(await reason(withChain({ leafSignedByStranger: true }))).toBe(
        'CHAIN_SIGNATURE_INVALID',
      )
    })

    it('NOT_A_CA when the intermediate is not a certificate authority', async () => {
      expect(await reason(withChain({ intermediate: { ca: false } }))).toBe('NOT_A_CA')
    })

    it('LEAF_IS_CA when the signing certificate is a certificate authority', async () => {
      expect(await reason(withChain({ leaf: { ca: true } }))).toBe('LEAF_IS_CA')
    })

    it('CHAIN_INCOMPLETE when x5c lacks the root', async () => {
      const userId = crypto.randomUUID()
      const jws = await signAppleJws(good, payload(userId), { x5c: good.x5c.slice(0, 2) })
      expect(await reason(verify(jws, { userId }))).toBe('CHAIN_INCOMPLETE')
    })
  })

  describe('refuses the JWS', () => {
    it('JWS_SIGNATURE_INVALID when another key signed it', async () => {
      const userId = crypto.randomUUID()
      const stranger = await createAppleChain({}, NOW)
      const jws = await signAppleJws({ x5c: good.x5c, leafKey: stranger.leafKey }, payload(userId))
      expect(await reason(verify(jws, { userId }))).toBe('JWS_SIGNATURE_INVALID')
    })

    it('JWS_SIGNATURE_INVALID when the payload was altered after signing', async () => {
      const userId = crypto.randomUUID()
      const [header, , signature] = (await signAppleJws(good, payload(userId))).split('.')
      const forged = btoa(JSON.stringify(payload(userId, { quantity: 50 }))).replace(/=+$/, '')
      const jws = `${header}.${forged.replaceAll('+', '-').replaceAll('/', '_')}.${signature}`
      expect(await reason(verify(jws, { userId }))).toBe('JWS_SIGNATURE_INVALID')
    })

    it('ALG_NOT_ES256 for any other algorithm', async () => {
      const userId = crypto.randomUUID()
      const p384 = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, [
        'sign',
        'verify',
      ])) as CryptoKeyPair
      const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload(userId))))
        .setProtectedHeader({ alg: 'ES384', x5c: good.x5c })
        .sign(p384.privateKey)
      expect(await reason(verify(jws, { userId }))).toBe('ALG_NOT_ES256')
    })

    it('MALFORMED for something that is not a JWS', async () => {
      expect(await reason(verify('not.a-jws', { userId: crypto.randomUUID() }))).toBe('MALFORMED')
    })
  })

  describe('refuses the purchase', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['BUNDLE_MISMATCH for another app', { bundleId: 'com.other.app' }, 'BUNDLE_MISMATCH'],
      ['UNKNOWN_PRODUCT for a product not in the catalog', { productId: 'x.y' }, 'UNKNOWN_PRODUCT'],
      ['REVOKED when it carries a revocationDate', { revocationDate: 1 }, 'REVOKED'],
      [
        'ENVIRONMENT_MISMATCH for a production purchase here',
        { environment: 'Production' },
        'ENVIRONMENT_MISMATCH',
      ],
    ]
    for (const [name, fields, expected] of cases) {
      it(name, async () => {
        const userId = crypto.randomUUID()
        const jws = await signAppleJws(good, payload(userId, fields))
        expect(await reason(verify(jws, { userId }))).toBe(expected)
      })
    }

    it('ENVIRONMENT_MISMATCH: a sandbox purchase never grants in production', async () => {
      const userId = crypto.randomUUID()
      const jws = await signAppleJws(good, payload(userId))
      expect(await reason(verify(jws, { userId, environment: 'Production' }))).toBe(
        'ENVIRONMENT_MISMATCH',
      )
    })

    it('ACCOUNT_MISMATCH when appAccountToken is another user’s', async () => {
      const jws = await signAppleJws(good, payload(crypto.randomUUID()))
      expect(await reason(verify(jws, { userId: crypto.randomUUID() }))).toBe('ACCOUNT_MISMATCH')
    })

    it('ACCOUNT_MISMATCH when appAccountToken is missing', async () => {
      const userId = crypto.randomUUID()
      const jws = await signAppleJws(good, payload(userId, { appAccountToken: undefined }))
      expect(await reason(verify(jws, { userId }))).toBe('ACCOUNT_MISMATCH')
    })
  })
})
