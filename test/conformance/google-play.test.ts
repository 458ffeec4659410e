import type { AddressInfo } from 'node:net'
import { androidpublisher, type androidpublisher_v3 } from '@googleapis/androidpublisher'
import { serve } from '@hono/node-server'
import { GoogleAuth, gaxios, JWT, OAuth2Client } from 'google-auth-library'
import { exportPKCS8, generateKeyPair } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createGoogleEmulator,
  GOOGLE_ENDPOINTS,
  type GoogleEmulatorState,
  LOCAL_PACKAGE_NAME,
} from '../../local/emulators/google/server'
import { accepts, endpoint, everyEndpointCovered, refuses } from './support/endpoints'

/**
 * The Google emulator under Google's own Node libraries: `google-auth-library` (its JWT
 * client and GoogleAuth, given the emulator's service-account key file as downloaded) gets
 * an access token, and `@googleapis/androidpublisher` (given the emulator as `rootUrl`)
 * gets, acknowledges and consumes purchases with it. What Google would refuse — a key that
 * is not the account's, an unknown account, a clock an hour off, no scope, a token Google
 * did not issue or without the androidpublisher scope, a purchase of another app or in
 * the wrong state — the emulator refuses with Google's status, `WWW-Authenticate` and body.
 */

const SCOPE = 'https://www.googleapis.com/auth/androidpublisher'
type KeyFile = { client_email: string; private_key: string; token_uri: string }

let google: GoogleEmulatorState
let server: ReturnType<typeof serve>
let base: string
let keyFile: KeyFile

beforeAll(async () => {
  google = await createGoogleEmulator()
  server = await new Promise((resolve) => {
    const s = serve({ fetch: google.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  keyFile = JSON.parse(await google.serviceAccountJson(`${base}/token`)) as KeyFile
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
afterEach(() => {
  vi.useRealTimers()
})

/**
 * The library always posts its assertion to https://oauth2.googleapis.com/token (it
 * ignores the key file's `token_uri`), so the one thing configured is where that host
 * resolves: a transport whose fetch sends Google's token host to the emulator, as a hosts
 * entry would. Everything else — the assertion, the form, the parsing — is the library's.
 */
function transporter(): gaxios.Gaxios {
  return new gaxios.Gaxios({
    fetchImplementation: (input: RequestInfo | URL, init?: RequestInit) => {
      // A test that signs with a shifted clock gets the real one back before the emulator
      // (same process) checks the assertion.
      vi.useRealTimers()
      const url = new URL(String(input))
      if (url.origin === 'https://oauth2.googleapis.com') {
        return fetch(`${base}${url.pathname}${url.search}`, init)
      }
      return fetch(url, init)
    },
  })
}

/** The JWT client as its users build it from a key file. */
function jwtClient(overrides: Partial<KeyFile> = {}, scopes: string[] = [SCOPE]) {
  const file = { ...keyFile, ...overrides }
  return new JWT({
    email: file.client_email,
    key: file.private_key,
    scopes,
    transporter: transporter(),
  })
}

function publisher(auth: JWT | OAuth2Client): androidpublisher_v3.Androidpublisher {
  return androidpublisher({ version: 'v3', auth, rootUrl: `${base}/` })
}

async function admin<T = Record<string, unknown>>(path: string, body?: object): Promise<T> {
  const res = await fetch(
    `${base}${path}`,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
  )
  expect(res.status).toBe(200)
  return (await res.json()) as T
}

type Minted = { productId: string; purchaseToken: string; orderId: string }
const mint = (body: object = {}) =>
  admin<Minted>('/_admin/purchases', { module: 'academic_writing', ...body })

const params = (minted: Minted, packageName = LOCAL_PACKAGE_NAME) => ({
  packageName,
  productId: minted.productId,
  token: minted.purchaseToken,
})

async function gaxiosError(call: Promise<unknown>): Promise<gaxios.GaxiosError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, 'the call should have been refused').not.toBeNull()
  expect(error).toBeInstanceOf(gaxios.GaxiosError)
  return error as gaxios.GaxiosError
}

/** What Google's token endpoint answered, as the library reports it. */
async function tokenRefusal(client: JWT) {
  const error = await gaxiosError(client.authorize())
  return { status: error.status, message: error.message, body: error.response?.data }
}

/** What a Google API answered a request it would not authorise. */
async function apiRefusal(call: Promise<unknown>) {
  const error = await gaxiosError(call)
  return {
    status: error.status,
    wwwAuthenticate: error.response?.headers.get('www-authenticate') ?? null,
    body: error.response?.data,
  }
}

endpoint(GOOGLE_ENDPOINTS.token, () => {
  accepts('the key file as downloaded, in the JWT client (aud is Google’s)', async () => {
    expect(keyFile.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n(.{64}\n)+/)
    const client = jwtClient()
    const credentials = await client.authorize()
    expect(credentials).toMatchObject({
      access_token: expect.stringMatching(/^ya29\./),
      token_type: 'Bearer',
      expiry_date: expect.any(Number),
    })
    expect((await client.getAccessToken()).token).toBe(credentials.access_token)
  })

  accepts('the key file handed to GoogleAuth as credentials', async () => {
    const auth = new GoogleAuth({
      credentials: keyFile,
      scopes: [SCOPE],
      clientOptions: { transporter: transporter() },
    })
    expect(await auth.getAccessToken()).toMatch(/^ya29\./)
  })

  refuses(
    'an assertion signed with a key that is not the account’s: 400 invalid_grant',
    async () => {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true })
      expect(await tokenRefusal(jwtClient({ private_key: await exportPKCS8(privateKey) }))).toEqual(
        {
          status: 400,
          message: 'invalid_grant: Invalid JWT Signature.',
          body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
        },
      )
    },
  )

  refuses('an account Google does not know: 400 invalid_grant', async () => {
    const stranger = jwtClient({ client_email: 'nobody@ielts-local.iam.gserviceaccount.com' })
    expect(await tokenRefusal(stranger)).toMatchObject({
      status: 400,
      message: 'invalid_grant: Invalid grant: account not found',
    })
  })

  refuses('an assertion from a clock two hours slow (expired): 400 invalid_grant', async () => {
    const client = jwtClient()
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 2 * 3600_000 })
    expect(await tokenRefusal(client)).toMatchObject({
      status: 400,
      message: expect.stringMatching(
        /^invalid_grant: Invalid JWT: Token must be a short-lived token \(60 minutes\) and in a reasonable timeframe/,
      ),
    })
  })

  refuses(
    'an assertion from a clock two hours fast (issued later): 400 invalid_grant',
    async () => {
      const client = jwtClient()
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 3600_000 })
      expect(await tokenRefusal(client)).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^invalid_grant: Invalid JWT: Token must be a short-lived/),
      })
    },
  )

  refuses('an assertion without a scope: 400 invalid_scope', async () => {
    expect(await tokenRefusal(jwtClient({}, []))).toEqual({
      status: 400,
      message: 'invalid_scope: Invalid OAuth scope or ID token audience provided.',
      body: {
        error: 'invalid_scope',
        error_description: 'Invalid OAuth scope or ID token audience provided.',
      },
    })
  })
})

const INVALID_TOKEN = 'Bearer realm="https://accounts.google.com/", error="invalid_token"'

/** A client holding an access token Google never issued (or one that has expired). */
function bogusToken(): OAuth2Client {
  const client = new OAuth2Client({ transporter: transporter() })
  client.setCredentials({ access_token: 'ya29.not-issued', expiry_date: Date.now() + 3600_000 })
  return client
}

const unauthenticated = {
  status: 401,
  wwwAuthenticate: INVALID_TOKEN,
  body: {
    error: {
      code: 401,
      message: expect.stringMatching(/^Request had invalid authentication credentials\./),
      errors: [expect.objectContaining({ reason: 'authError', domain: 'global' })],
      status: 'UNAUTHENTICATED',
    },
  },
}

endpoint(GOOGLE_ENDPOINTS.get, () => {
  accepts('a purchase: every ProductPurchase field Google documents', async () => {
    const userId = crypto.randomUUID()
    const minted = await mint({ userId, profileId: 'profile-7', regionCode: 'IN' })
    const { data, status } = await publisher(jwtClient()).purchases.products.get(params(minted))
    expect(status).toBe(200)
    expect(data).toEqual({
      kind: 'androidpublisher#productPurchase',
      purchaseTimeMillis: expect.stringMatching(/^\d+$/),
      purchaseState: 0,
      consumptionState: 0,
      developerPayload: '',
      orderId: minted.orderId,
      purchaseType: 0,
      acknowledgementState: 0,
      purchaseToken: minted.purchaseToken,
      productId: minted.productId,
      quantity: 1,
      obfuscatedExternalAccountId: userId,
      obfuscatedExternalProfileId: 'profile-7',
      regionCode: 'IN',
      refundableQuantity: 1,
    } satisfies androidpublisher_v3.Schema$ProductPurchase)
  })

  accepts('a real (not test) purchase, which has no purchaseType', async () => {
    const minted = await mint({ test: false })
    const { data } = await publisher(jwtClient()).purchases.products.get(params(minted))
    expect(data).not.toHaveProperty('purchaseType')
    expect(data.obfuscatedExternalProfileId).toBeUndefined()
  })

  refuses('a token Google did not issue: 401, WWW-Authenticate, Google’s error', async () => {
    const minted = await mint()
    expect(
      await apiRefusal(publisher(bogusToken()).purchases.products.get(params(minted))),
    ).toEqual(unauthenticated)
  })

  refuses('a token without the androidpublisher scope: 403 PERMISSION_DENIED', async () => {
    const minted = await mint()
    const cloudOnly = jwtClient({}, ['https://www.googleapis.com/auth/cloud-platform'])
    expect(await apiRefusal(publisher(cloudOnly).purchases.products.get(params(minted)))).toEqual({
      status: 403,
      wwwAuthenticate: expect.stringContaining('error="insufficient_scope"'),
      body: {
        error: expect.objectContaining({
          code: 403,
          message: 'Request had insufficient authentication scopes.',
          status: 'PERMISSION_DENIED',
        }),
      },
    })
  })

  refuses('a purchase token Google does not know: 404 purchaseTokenNotFound', async () => {
    const minted = { ...(await mint()), purchaseToken: 'not-a-token' }
    const error = await gaxiosError(publisher(jwtClient()).purchases.products.get(params(minted)))
    expect(error.status).toBe(404)
    expect(error.response?.data).toEqual({
      error: {
        code: 404,
        message: 'The purchase token was not found.',
        errors: [
          {
            message: 'The purchase token was not found.',
            domain: 'global',
            reason: 'purchaseTokenNotFound',
            location: 'token',
            locationType: 'parameter',
          },
        ],
        status: 'NOT_FOUND',
      },
    })
  })

  refuses('a token asked of another product: 400 purchaseTokenDoesNotMatchProductId', async () => {
    const minted = { ...(await mint()), productId: 'general_writing' }
    const error = await gaxiosError(publisher(jwtClient()).purchases.products.get(params(minted)))
    expect(error.status).toBe(400)
    expect(error.response?.data).toMatchObject({
      error: {
        code: 400,
        message: 'The purchase token does not match the product ID.',
        errors: [{ domain: 'androidpublisher', reason: 'purchaseTokenDoesNotMatchProductId' }],
      },
    })
  })
})

endpoint(GOOGLE_ENDPOINTS.acknowledge, () => {
  accepts('a purchase: 204, and get then reports it acknowledged', async () => {
    const minted = await mint()
    const play = publisher(jwtClient())
    const { status, data } = await play.purchases.products.acknowledge({
      ...params(minted),
      requestBody: { developerPayload: '' },
    })
    expect(status).toBe(204)
    expect(data).toBe('')
    const after = await play.purchases.products.get(params(minted))
    expect(after.data).toMatchObject({ acknowledgementState: 1, consumptionState: 0 })
  })

  refuses('a token Google did not issue: 401', async () => {
    const minted = await mint()
    expect(
      await apiRefusal(publisher(bogusToken()).purchases.products.acknowledge(params(minted))),
    ).toEqual(unauthenticated)
    expect((await admin(`/_admin/purchases/${minted.purchaseToken}`)).acknowledgementState).toBe(0)
  })

  refuses('a pending purchase: 400 invalidPurchaseState', async () => {
    const minted = await mint({ state: 'pending' })
    const error = await gaxiosError(
      publisher(jwtClient()).purchases.products.acknowledge(params(minted)),
    )
    expect(error.status).toBe(400)
    expect(error.response?.data).toMatchObject({
      error: { code: 400, errors: [{ reason: 'invalidPurchaseState' }] },
    })
  })
})

endpoint(GOOGLE_ENDPOINTS.consume, () => {
  accepts('a purchase: 204, consumed and acknowledged', async () => {
    const minted = await mint()
    const play = publisher(jwtClient())
    const { status } = await play.purchases.products.consume(params(minted))
    expect(status).toBe(204)
    const after = await play.purchases.products.get(params(minted))
    expect(after.data).toMatchObject({ consumptionState: 1, acknowledgementState: 1 })
  })

  refuses('a token Google did not issue: 401', async () => {
    const minted = await mint()
    expect(
      await apiRefusal(publisher(bogusToken()).purchases.products.consume(params(minted))),
    ).toEqual(unauthenticated)
    expect((await admin(`/_admin/purchases/${minted.purchaseToken}`)).consumptionState).toBe(0)
  })

  refuses('another app’s package name: 400 purchaseTokenDoesNotMatchPackageName', async () => {
    const minted = await mint()
    const error = await gaxiosError(
      publisher(jwtClient()).purchases.products.consume(params(minted, 'com.example.other')),
    )
    expect(error.status).toBe(400)
    expect(error.response?.data).toMatchObject({
      error: { errors: [{ reason: 'purchaseTokenDoesNotMatchPackageName' }] },
    })
  })

  refuses('a canceled purchase: 400 purchaseNotConsumable', async () => {
    const minted = await mint({ state: 'canceled' })
    const error = await gaxiosError(
      publisher(jwtClient()).purchases.products.consume(params(minted)),
    )
    expect(error.status).toBe(400)
    expect(error.response?.data).toMatchObject({
      error: { errors: [{ reason: 'purchaseNotConsumable' }] },
    })
  })
})

describe('androidpublisher endpoints not emulated', () => {
  it('fail loudly (404), never with a made-up answer', async () => {
    const minted = await mint()
    const error = await gaxiosError(
      publisher(jwtClient()).purchases.subscriptionsv2.get({
        packageName: LOCAL_PACKAGE_NAME,
        token: minted.purchaseToken,
      }),
    )
    expect(error.status).toBe(404)
  })
})

everyEndpointCovered(Object.values(GOOGLE_ENDPOINTS))
