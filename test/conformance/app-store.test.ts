import type { AddressInfo } from 'node:net'
import {
  APIException,
  AppStoreServerAPIClient,
  Environment,
  SignedDataVerifier,
  VerificationException,
  VerificationStatus,
} from '@apple/app-store-server-library'
import { serve } from '@hono/node-server'
import { exportPKCS8, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_STORE_ENDPOINTS,
  APP_STORE_SIGNED_DATA,
  type AppleEmulatorState,
  createAppleEmulator,
} from '../../local/emulators/apple/server'
import { APPLE_ROOT_CA_G3_PEM } from '../fixtures/apple/apple-root-ca-g3'
import { accepts, endpoint, everyEndpointCovered, refuses } from './support/endpoints'

/**
 * The App Store emulator under Apple's own App Store Server Library: its
 * AppStoreServerAPIClient (given the emulator's key file and address) and its
 * SignedDataVerifier (given the emulator's root instead of Apple's). What a real App Store
 * would refuse, the emulator refuses in Apple's shapes; what Apple's verifier would refuse
 * (wrong app, wrong environment, a root that is not Apple's), it refuses too.
 */

let apple: AppleEmulatorState
let server: ReturnType<typeof serve>
let base: string

beforeAll(async () => {
  apple = await createAppleEmulator()
  server = await new Promise((resolve) => {
    const s = serve({ fetch: apple.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

type Env = Environment.SANDBOX | Environment.PRODUCTION

/**
 * Apple's API client as its user configures it: the key file, key id, issuer id, bundle
 * id and environment. The library has no endpoint option; its base URL is one private
 * field, which is all that is changed here.
 */
function apiClient(environment: Env, overrides: { key?: string; bundleId?: string } = {}) {
  const client = new AppStoreServerAPIClient(
    overrides.key ?? apple.privateKeyPem,
    apple.keyId,
    apple.issuerId,
    overrides.bundleId ?? apple.bundleId,
    environment,
  )
  const path = environment === Environment.PRODUCTION ? 'production' : 'sandbox'
  Object.assign(client, { urlBase: `${base}/${path}` })
  return client
}

const emulatorRoot = () => Buffer.from(apple.chain.x5c[2], 'base64')
const appAppleId = () => apple.appAppleIds.get(apple.bundleId)!

/** Apple's verifier, trusting the emulator's root (or, if told, Apple's own). */
function verifier(
  environment: Env,
  options: { bundleId?: string; appAppleId?: number; root?: Buffer } = {},
) {
  return new SignedDataVerifier(
    [options.root ?? emulatorRoot()],
    false, // no OCSP: the emulator's chain has no responder (see README, fidelity)
    environment,
    options.bundleId ?? apple.bundleId,
    environment === Environment.PRODUCTION ? (options.appAppleId ?? appAppleId()) : undefined,
  )
}

async function admin(path: string, body: object = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, string>
}

const mint = (environment: 'Sandbox' | 'Production', userId = crypto.randomUUID()) =>
  admin('/_admin/transactions', { module: 'academic_writing', userId, environment })

async function thrown<T extends Error>(call: Promise<unknown>): Promise<T> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, 'the call should have been refused').not.toBeNull()
  return error as T
}

const apiRefusal = async (call: Promise<unknown>) => {
  const error = await thrown<APIException>(call)
  expect(error).toBeInstanceOf(APIException)
  return { status: error.httpStatusCode, errorCode: error.apiError }
}

const verificationRefusal = async (call: Promise<unknown>) => {
  const error = await thrown<VerificationException>(call)
  expect(error).toBeInstanceOf(VerificationException)
  return VerificationStatus[error.status]
}

endpoint(APP_STORE_ENDPOINTS.getTransactionInfo, () => {
  accepts('a sandbox transaction, signed so that Apple’s verifier accepts it', async () => {
    const userId = crypto.randomUUID()
    const { transactionId } = await mint('Sandbox', userId)
    const { signedTransactionInfo } = await apiClient(Environment.SANDBOX).getTransactionInfo(
      transactionId!,
    )
    const txn = await verifier(Environment.SANDBOX).verifyAndDecodeTransaction(
      signedTransactionInfo!,
    )
    expect(txn).toMatchObject({ transactionId, appAccountToken: userId, environment: 'Sandbox' })
  })

  accepts('a production transaction from the production host', async () => {
    const { transactionId } = await mint('Production')
    const { signedTransactionInfo } = await apiClient(Environment.PRODUCTION).getTransactionInfo(
      transactionId!,
    )
    const txn = await verifier(Environment.PRODUCTION).verifyAndDecodeTransaction(
      signedTransactionInfo!,
    )
    expect(txn.environment).toBe('Production')
  })

  refuses('a token signed with a key that is not the account’s: 401', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    const stranger = apiClient(Environment.SANDBOX, { key: await exportPKCS8(privateKey) })
    const { transactionId } = await mint('Sandbox')
    expect(await apiRefusal(stranger.getTransactionInfo(transactionId!))).toEqual({
      status: 401,
      errorCode: null,
    })
  })

  refuses('a token for an app outside the account (bid): 401', async () => {
    const other = apiClient(Environment.SANDBOX, { bundleId: 'com.example.someone-else' })
    const { transactionId } = await mint('Sandbox')
    expect(await apiRefusal(other.getTransactionInfo(transactionId!))).toMatchObject({
      status: 401,
    })
  })

  refuses('an unknown transaction: 404 TransactionIdNotFoundError (4040010)', async () => {
    expect(
      await apiRefusal(apiClient(Environment.SANDBOX).getTransactionInfo('2000000999999999')),
    ).toEqual({ status: 404, errorCode: 4040010 })
  })

  refuses('a production transaction asked of the sandbox: 404 (4040010)', async () => {
    const { transactionId } = await mint('Production')
    expect(
      await apiRefusal(apiClient(Environment.SANDBOX).getTransactionInfo(transactionId!)),
    ).toEqual({ status: 404, errorCode: 4040010 })
  })

  refuses('a transaction id that is not one: 400 InvalidTransactionIdError (4000006)', async () => {
    expect(
      await apiRefusal(apiClient(Environment.SANDBOX).getTransactionInfo('not-a-number')),
    ).toEqual({ status: 400, errorCode: 4000006 })
  })
})

endpoint(APP_STORE_SIGNED_DATA.transaction, () => {
  accepts('a StoreKit 2 transaction the app hands over, in its environment', async () => {
    const { signedTransaction, transactionId } = await mint('Sandbox')
    const txn = await verifier(Environment.SANDBOX).verifyAndDecodeTransaction(signedTransaction!)
    expect(txn).toMatchObject({ transactionId, bundleId: apple.bundleId, type: 'Consumable' })
  })

  refuses('a sandbox transaction in production: INVALID_ENVIRONMENT', async () => {
    const { signedTransaction } = await mint('Sandbox')
    expect(
      await verificationRefusal(
        verifier(Environment.PRODUCTION).verifyAndDecodeTransaction(signedTransaction!),
      ),
    ).toBe('INVALID_ENVIRONMENT')
  })

  refuses('another app’s transaction: INVALID_APP_IDENTIFIER', async () => {
    const { signedTransaction } = await mint('Sandbox')
    const otherApp = verifier(Environment.SANDBOX, { bundleId: 'com.example.other' })
    expect(await verificationRefusal(otherApp.verifyAndDecodeTransaction(signedTransaction!))).toBe(
      'INVALID_APP_IDENTIFIER',
    )
  })

  refuses('anything signed by the emulator, for a verifier that trusts only Apple', async () => {
    const { signedTransaction } = await mint('Production')
    const real = verifier(Environment.PRODUCTION, {
      root: Buffer.from(APPLE_ROOT_CA_G3_PEM.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'),
    })
    expect(await verificationRefusal(real.verifyAndDecodeTransaction(signedTransaction!))).toBe(
      'VERIFICATION_FAILURE',
    )
  })
})

endpoint(APP_STORE_SIGNED_DATA.notification, () => {
  accepts('a Production REFUND, by the Production verifier (appAppleId)', async () => {
    const { transactionId } = await mint('Production')
    const { signedPayload } = await admin(`/_admin/transactions/${transactionId}/refund`)
    const production = verifier(Environment.PRODUCTION)
    const decoded = await production.verifyAndDecodeNotification(signedPayload!)
    expect(decoded).toMatchObject({
      notificationType: 'REFUND',
      version: '2.0',
      data: {
        appAppleId: appAppleId(),
        bundleId: apple.bundleId,
        bundleVersion: expect.any(String),
        environment: 'Production',
      },
    })
    const txn = await production.verifyAndDecodeTransaction(decoded.data!.signedTransactionInfo!)
    expect(txn).toMatchObject({ transactionId, revocationDate: expect.any(Number) })
  })

  accepts(
    'a Sandbox notification, which names no appAppleId, by the Sandbox verifier',
    async () => {
      const { transactionId } = await mint('Sandbox')
      const { signedPayload } = await admin(`/_admin/transactions/${transactionId}/refund`)
      const decoded = await verifier(Environment.SANDBOX).verifyAndDecodeNotification(
        signedPayload!,
      )
      expect(decoded.data).toMatchObject({
        environment: 'Sandbox',
        bundleVersion: expect.any(String),
      })
      expect(decoded.data?.appAppleId).toBeUndefined()
    },
  )

  refuses('a Production notification for another Apple ID: INVALID_APP_IDENTIFIER', async () => {
    const { transactionId } = await mint('Production')
    const { signedPayload } = await admin(`/_admin/transactions/${transactionId}/refund`)
    const otherApp = verifier(Environment.PRODUCTION, { appAppleId: appAppleId() + 1 })
    expect(await verificationRefusal(otherApp.verifyAndDecodeNotification(signedPayload!))).toBe(
      'INVALID_APP_IDENTIFIER',
    )
  })

  refuses('a Sandbox notification in production: refused by the Production verifier', async () => {
    const { signedPayload } = await admin('/_admin/notifications', { notificationType: 'TEST' })
    expect(
      await verificationRefusal(
        verifier(Environment.PRODUCTION).verifyAndDecodeNotification(signedPayload!),
      ),
    ).toBe('INVALID_APP_IDENTIFIER')
    expect(
      await verificationRefusal(
        verifier(Environment.SANDBOX, {
          bundleId: 'com.example.other',
        }).verifyAndDecodeNotification(signedPayload!),
      ),
    ).toBe('INVALID_APP_IDENTIFIER')
  })
})

describe('App Store Server API endpoints not emulated', () => {
  it("fail loudly, in Apple's error shape (501, GeneralInternalError 5000000)", async () => {
    const { transactionId } = await mint('Sandbox')
    expect(
      await apiRefusal(apiClient(Environment.SANDBOX).getRefundHistory(transactionId!, null)),
    ).toEqual({ status: 501, errorCode: 5000000 })
  })
})

everyEndpointCovered([
  ...Object.values(APP_STORE_ENDPOINTS),
  ...Object.values(APP_STORE_SIGNED_DATA),
])
