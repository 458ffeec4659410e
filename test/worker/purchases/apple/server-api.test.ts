import { env } from 'cloudflare:workers'
import { exportPKCS8, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { AppStoreServerApi, lookUpTransaction } from '../../../../worker/purchases/apple/server-api'
import { readConfig } from '../../../../worker/services/config'
import { emulator } from '../support'

const trust = () => ({ rootSha256: readConfig(env).apple.APPLE_ROOT_CA_SHA256, now: new Date() })

describe('App Store Server API client against the emulator', () => {
  it('looks a transaction up by id and verifies Apple’s signed answer', async () => {
    const userId = crypto.randomUUID()
    const minted = await emulator('apple', '/_admin/transactions', {
      module: 'general_writing',
      userId,
    })
    const api = new AppStoreServerApi({ config: readConfig(env).appleApi })
    const txn = await lookUpTransaction(api, minted.transactionId as string, 'Sandbox', trust())
    expect(txn).toMatchObject({ transactionId: minted.transactionId, appAccountToken: userId })
  })

  it('answers null for a transaction the store does not know (or in the other environment)', async () => {
    const minted = await emulator('apple', '/_admin/transactions', { module: 'general_writing' })
    const api = new AppStoreServerApi({ config: readConfig(env).appleApi })
    expect(await api.getTransactionInfo('9999999999', 'Sandbox')).toBeNull()
    expect(await api.getTransactionInfo(minted.transactionId as string, 'Production')).toBeNull()
  })

  it('is refused (STORE_UNAVAILABLE) when its token is signed by a key Apple does not know', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    const config = {
      ...readConfig(env).appleApi,
      APPLE_API_PRIVATE_KEY: await exportPKCS8(privateKey),
    }
    const error = await new AppStoreServerApi({ config })
      .getTransactionInfo('1', 'Sandbox')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' })
  })

  it('is refused when the key id or bundle id is wrong', async () => {
    for (const wrong of [{ APPLE_API_KEY_ID: 'WRONGKEY00' }, { APPLE_BUNDLE_ID: 'com.other' }]) {
      const config = { ...readConfig(env).appleApi, ...wrong }
      const error = await new AppStoreServerApi({ config })
        .getTransactionInfo('1', 'Sandbox')
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' })
    }
  })

  it('signs a token Apple accepts: ES256, kid, iss, bid, aud, at most 60 minutes', async () => {
    const now = new Date('2026-03-01T00:00:00Z')
    const token = await new AppStoreServerApi({
      config: readConfig(env).appleApi,
      now: () => now,
    }).token()
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(atob(part.replaceAll('-', '+').replaceAll('_', '/'))))
    expect(header).toMatchObject({ alg: 'ES256', kid: env.APPLE_API_KEY_ID, typ: 'JWT' })
    expect(payload).toMatchObject({
      iss: env.APPLE_API_ISSUER_ID,
      bid: env.APPLE_BUNDLE_ID,
      aud: 'appstoreconnect-v1',
    })
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(3600)
  })
})
