import { type Context, Hono } from 'hono'
import { exportPKCS8, generateKeyPair, jwtVerify } from 'jose'
import { DEFAULT_PRODUCT_IDS, isModule } from '../../../shared/modules'
import { createAppleChain, type TestChain } from './chain'
import { notificationPayload, signAppleJws, transactionPayload } from './mint'

export const LOCAL_BUNDLE_ID = 'com.ieltsgenaiprep.app'

/** What the emulator serves of the App Store Server API (the conformance suite covers each). */
export const APP_STORE_ENDPOINTS = {
  getTransactionInfo: 'GET /inApps/v1/transactions/{transactionId}',
} as const

/** What the emulator signs as Apple does (the conformance suite verifies each with Apple's verifier). */
export const APP_STORE_SIGNED_DATA = {
  transaction: 'JWSTransaction (StoreKit 2 signed transaction)',
  notification: 'App Store Server Notifications V2 signedPayload',
} as const

type Minted = {
  payload: Record<string, unknown>
  environment: 'Production' | 'Sandbox'
}

export type AppleEmulatorState = {
  chain: TestChain
  bundleId: string
  issuerId: string
  keyId: string
  /** The API key as App Store Connect hands it out: a `.p8` file, PKCS #8 PEM with line breaks. */
  privateKeyPem: string
  /** The Apple ID of each app of the account, by bundle id (Production notifications name it). */
  appAppleIds: Map<string, number>
  app: Hono
}

/**
 * The App Store, locally: a test root CA, WWDR-like intermediate and signing leaf made at
 * start; an admin API (`/_admin/*`, loopback only) that mints signed transactions and
 * ASSN V2 notifications for a user (refunds and their reversals included); and the App
 * Store Server API's `GET /{production|sandbox}/inApps/v1/transactions/{id}`, which checks
 * the ES256 bearer token as Apple does (kid, iss, bid, aud, exp ≤ 60 min) and serves what
 * it minted for the token's app (`bid`). Errors come in Apple's shapes: 401 as Apple's
 * plain text, the rest as `{ errorCode, errorMessage }`; an endpoint not emulated is 501
 * with Apple's GeneralInternalError code, so a client calling it fails loudly.
 */
export async function createAppleEmulator(): Promise<AppleEmulatorState> {
  const chain = await createAppleChain()
  const apiKey = await generateKeyPair('ES256', { extractable: true })
  const state = {
    chain,
    bundleId: LOCAL_BUNDLE_ID,
    issuerId: crypto.randomUUID(),
    keyId: randomKeyId(),
    privateKeyPem: await exportPKCS8(apiKey.privateKey),
    appAppleIds: new Map<string, number>(),
  }
  const minted = new Map<string, Minted>()
  // The account's apps: an API key serves every app of its account, named by the token's
  // `bid`. Minting for another bundle id adds that app (tests scope their data by app).
  const apps = {
    has: (bundleId: string) => state.appAppleIds.has(bundleId),
    add: (bundleId: string) => {
      if (!state.appAppleIds.has(bundleId)) state.appAppleIds.set(bundleId, nextAppAppleId())
    },
  }
  apps.add(state.bundleId)
  const app = new Hono()
  const sign = (payload: object) => signAppleJws(chain, payload)

  app.post('/_admin/transactions', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>
    const productId = productIdOf(body)
    if (!productId) return c.json({ error: 'module or productId is required' }, 400)
    const environment = body.environment === 'Production' ? 'Production' : 'Sandbox'
    const transactionId = String(body.transactionId ?? nextTransactionId())
    const bundleId = typeof body.bundleId === 'string' ? body.bundleId : state.bundleId
    apps.add(bundleId)
    const payload = transactionPayload({
      transactionId,
      bundleId,
      productId,
      appAccountToken: typeof body.userId === 'string' ? body.userId : undefined,
      environment,
      purchaseDate: Date.now(),
      quantity: typeof body.quantity === 'number' ? body.quantity : 1,
    })
    minted.set(transactionId, { payload, environment })
    return c.json({ transactionId, productId, signedTransaction: await sign(payload) })
  })

  app.post('/_admin/transactions/:id/refund', async (c) => {
    const found = minted.get(c.req.param('id'))
    if (!found) return c.json({ error: 'no such transaction' }, 404)
    const body = (await c.req.json().catch(() => ({}))) as { type?: string }
    found.payload = {
      ...found.payload,
      revocationDate: Date.now(),
      revocationReason: 0,
      signedDate: Date.now(),
    }
    return c.json(await notify(body.type === 'REVOKE' ? 'REVOKE' : 'REFUND', found))
  })

  // Apple reverses a refund after the customer's dispute: the transaction loses its revocation.
  app.post('/_admin/transactions/:id/refund-reversal', async (c) => {
    const found = minted.get(c.req.param('id'))
    if (!found) return c.json({ error: 'no such transaction' }, 404)
    if (found.payload.revocationDate === undefined) {
      return c.json({ error: 'the transaction is not refunded' }, 409)
    }
    const { revocationDate: _date, revocationReason: _reason, ...payload } = found.payload
    found.payload = { ...payload, signedDate: Date.now() }
    return c.json(await notify('REFUND_REVERSED', found))
  })

  app.post('/_admin/notifications', async (c) => {
    const body = (await c.req.json()) as {
      notificationType?: string
      subtype?: string
      transactionId?: string
    }
    const found = body.transactionId ? minted.get(body.transactionId) : undefined
    return c.json(await notify(body.notificationType ?? 'TEST', found, body.subtype))
  })

  async function notify(type: string, found: Minted | undefined, subtype?: string) {
    const notificationUUID = crypto.randomUUID()
    const bundleId = String(found?.payload.bundleId ?? state.bundleId)
    const payload = notificationPayload({
      notificationType: type,
      subtype,
      notificationUUID,
      bundleId,
      appAppleId: state.appAppleIds.get(bundleId),
      environment: found?.environment ?? 'Sandbox',
      signedTransactionInfo: found ? await sign(found.payload) : undefined,
    })
    return { notificationUUID, signedPayload: await sign(payload) }
  }

  app.get('/:environment{production|sandbox}/inApps/v1/transactions/:id', async (c) => {
    const bearer = /^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1]
    const checked = bearer
      ? await checkApiToken(bearer, apiKey.publicKey, { ...state, apps })
      : { failure: 'no token' }
    // Apple answers an unusable token in plain text, not its JSON error shape.
    if ('failure' in checked) return c.text(`Unauthenticated\n\nRequest ID: ${requestId()}\n`, 401)
    if (!/^\d{1,19}$/.test(c.req.param('id'))) {
      return appleError(c, 400, 4000006, 'Invalid transaction id.')
    }
    const found = minted.get(c.req.param('id'))
    const environment = c.req.param('environment') === 'production' ? 'Production' : 'Sandbox'
    // Apple answers for the token's app only: another app's transaction is not found.
    if (!found || found.environment !== environment || found.payload.bundleId !== checked.bid) {
      return appleError(c, 404, 4040010, 'Transaction id not found.')
    }
    return c.json({ signedTransactionInfo: await sign(found.payload) })
  })

  app.all('/:environment{production|sandbox}/inApps/*', (c) =>
    appleError(
      c,
      501,
      5000000,
      `An unknown error occurred. (The local emulator does not serve ${c.req.method} ${c.req.path.replace(/^\/(production|sandbox)/, '')}.)`,
    ),
  )

  return { ...state, app }
}

/** What Apple checks on an App Store Server API token: the app it names, or why it fails. */
/** Apple's error body: `{ errorCode, errorMessage }` (https://developer.apple.com/documentation/appstoreserverapi/error-codes). */
function appleError(c: Context, status: 400 | 404 | 501, errorCode: number, errorMessage: string) {
  return c.json({ errorCode, errorMessage }, status)
}

function requestId(): string {
  return crypto.randomUUID().replace(/-/g, '').toUpperCase().slice(0, 26)
}

let appAppleId = 1_600_000_000
/** Apple IDs of apps are 9–10 digit numbers, one per app. */
function nextAppAppleId(): number {
  return appAppleId++
}

async function checkApiToken(
  token: string,
  publicKey: CryptoKey,
  expected: { issuerId: string; keyId: string; apps: { has(bundleId: string): boolean } },
): Promise<{ bid: string } | { failure: string }> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, publicKey, {
      algorithms: ['ES256'],
      issuer: expected.issuerId,
      audience: 'appstoreconnect-v1',
      requiredClaims: ['iat', 'exp'],
    })
    if (protectedHeader.kid !== expected.keyId) return { failure: 'wrong kid' }
    const bid = payload.bid
    if (typeof bid !== 'string' || !expected.apps.has(bid)) return { failure: 'wrong bid' }
    if ((payload.exp as number) - (payload.iat as number) > 3600) {
      return { failure: 'lives over 60 minutes' }
    }
    return { bid }
  } catch (error) {
    return { failure: (error as { code?: string }).code ?? 'invalid' }
  }
}

function productIdOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.productId === 'string') return body.productId
  return isModule(body.module) ? DEFAULT_PRODUCT_IDS.apple[body.module] : undefined
}

let counter = 0
/** Apple transaction ids are numeric strings; these stay unique across emulator restarts. */
function nextTransactionId(): string {
  return `${Date.now()}${String(counter++ % 1000).padStart(3, '0')}`
}

function randomKeyId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()
}
