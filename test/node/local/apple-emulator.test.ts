import { SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { type AppleEmulatorState, createAppleEmulator } from '../../../local/emulators/apple/server'
import { verifyNotification } from '../../../worker/purchases/apple/notification'
import { AppStoreServerApi } from '../../../worker/purchases/apple/server-api'
import { verifySignedTransaction } from '../../../worker/purchases/apple/transaction'

let apple: AppleEmulatorState
const BASE = 'http://apple.local'

beforeAll(async () => {
  apple = await createAppleEmulator()
})

const post = async (path: string, body: unknown) =>
  (await (
    await apple.app.request(`${BASE}${path}`, { method: 'POST', body: JSON.stringify(body) })
  ).json()) as Record<string, string>

const trust = () => ({ rootSha256: apple.chain.rootSha256, now: new Date() })

function apiConfig(overrides: Record<string, string> = {}) {
  return {
    APPLE_BUNDLE_ID: apple.bundleId,
    APPLE_API_ISSUER_ID: apple.issuerId,
    APPLE_API_KEY_ID: apple.keyId,
    APPLE_API_PRIVATE_KEY: apple.privateKeyPem,
    APPLE_API_URL_PRODUCTION: `${BASE}/production`,
    APPLE_API_URL_SANDBOX: `${BASE}/sandbox`,
    ...overrides,
  }
}

const emulatorFetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
  apple.app.request(String(input), init)) as typeof fetch

describe('Apple emulator', () => {
  it('mints signed transactions the worker’s verifier accepts for that user', async () => {
    const userId = crypto.randomUUID()
    const { signedTransaction } = await post('/_admin/transactions', {
      module: 'academic_writing',
      userId,
    })
    const txn = await verifySignedTransaction(signedTransaction as string, {
      trust: trust(),
      rules: {
        bundleId: apple.bundleId,
        moduleFor: () => 'academic_writing',
        environment: 'Sandbox',
        userId,
      },
    })
    expect(txn.productId).toBe('com.ieltsgenaiprep.app.academic_writing')
  })

  it('signs REFUND notifications whose inner transaction carries the revocation', async () => {
    const { transactionId } = await post('/_admin/transactions', { module: 'general_writing' })
    const { signedPayload } = await post(`/_admin/transactions/${transactionId}/refund`, {})
    const notification = await verifyNotification(signedPayload as string, {
      trust: trust(),
      bundleId: apple.bundleId,
      appAppleId: apple.appAppleIds.get(apple.bundleId),
    })
    expect(notification.notificationType).toBe('REFUND')
    expect(notification.transaction?.transactionId).toBe(transactionId)
    expect(notification.transaction?.revocationDate).toBeTypeOf('number')
  })

  it('signs REFUND_REVERSED notifications whose transaction no longer carries the revocation', async () => {
    const { transactionId } = await post('/_admin/transactions', { module: 'general_writing' })
    const early = await apple.app.request(
      `${BASE}/_admin/transactions/${transactionId}/refund-reversal`,
      { method: 'POST' },
    )
    expect(early.status).toBe(409)
    await post(`/_admin/transactions/${transactionId}/refund`, {})
    const { signedPayload } = await post(
      `/_admin/transactions/${transactionId}/refund-reversal`,
      {},
    )
    const notification = await verifyNotification(signedPayload as string, {
      trust: trust(),
      bundleId: apple.bundleId,
      appAppleId: apple.appAppleIds.get(apple.bundleId),
    })
    expect(notification.notificationType).toBe('REFUND_REVERSED')
    expect(notification.transaction?.transactionId).toBe(transactionId)
    expect(notification.transaction?.revocationDate).toBeUndefined()
  })

  describe('App Store Server API', () => {
    it('serves a minted transaction to a correctly signed token', async () => {
      const { transactionId } = await post('/_admin/transactions', { module: 'general_writing' })
      const api = new AppStoreServerApi({ config: apiConfig(), fetch: emulatorFetch })
      expect(await api.getTransactionInfo(transactionId as string, 'Sandbox')).toMatch(/^ey/)
    })

    it('serves a transaction only to a token naming its app (bid)', async () => {
      const other = `com.ieltsgenaiprep.other${crypto.randomUUID().slice(0, 8)}`
      const { transactionId } = await post('/_admin/transactions', {
        module: 'general_writing',
        bundleId: other,
      })
      const id = transactionId as string
      const asOther = new AppStoreServerApi({
        config: apiConfig({ APPLE_BUNDLE_ID: other }),
        fetch: emulatorFetch,
      })
      const asMain = new AppStoreServerApi({ config: apiConfig(), fetch: emulatorFetch })
      expect(await asOther.getTransactionInfo(id, 'Sandbox')).toMatch(/^ey/)
      expect(await asMain.getTransactionInfo(id, 'Sandbox')).toBeNull()
    })

    it('answers 401 without a token, with a wrong kid, issuer, bid or audience, or a token over 60 minutes', async () => {
      const url = `${BASE}/sandbox/inApps/v1/transactions/1`
      expect((await apple.app.request(url)).status).toBe(401)
      const key = await (await import('jose')).importPKCS8(apple.privateKeyPem, 'ES256')
      const token = (
        header: Record<string, unknown>,
        claims: Record<string, unknown>,
        lifetime = 300,
      ) =>
        new SignJWT({ bid: apple.bundleId, ...claims })
          .setProtectedHeader({ alg: 'ES256', kid: apple.keyId, typ: 'JWT', ...header })
          .setIssuer((claims.iss as string) ?? apple.issuerId)
          .setAudience((claims.aud as string) ?? 'appstoreconnect-v1')
          .setIssuedAt()
          .setExpirationTime(Math.floor(Date.now() / 1000) + lifetime)
          .sign(key)
      const broken = [
        await token({ kid: 'OTHERKEY01' }, {}),
        await token({}, { iss: crypto.randomUUID() }),
        await token({}, { bid: 'com.other' }),
        await token({}, { aud: 'someone-else' }),
        await token({}, {}, 7200),
      ]
      for (const bearer of broken) {
        const res = await apple.app.request(url, { headers: { Authorization: `Bearer ${bearer}` } })
        expect(res.status).toBe(401)
      }
      const ok = await apple.app.request(url, {
        headers: { Authorization: `Bearer ${await token({}, {})}` },
      })
      expect(ok.status).toBe(404)
    })
  })
})
