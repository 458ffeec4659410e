import { exportPKCS8, generateKeyPair, importPKCS8, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createGoogleEmulator,
  type GoogleEmulatorState,
  LOCAL_PACKAGE_NAME,
  LOCAL_PUBSUB_AUDIENCE,
  LOCAL_PUSH_ACCOUNT,
} from '../../../local/emulators/google/server'
import { identityProviderApp } from '../../../local/emulators/identity-providers'
import { googleOidcKeys } from '../../../local/emulators/identity-providers/google-keys'
import { generateProviderKeys } from '../../../local/emulators/identity-providers/tokens'
import type { ServiceAccount } from '../../../worker/purchases/google/config'
import { ServiceAccountTokens } from '../../../worker/purchases/google/oauth'
import { GooglePlayApi } from '../../../worker/purchases/google/play-api'
import { verifyPubSubPush } from '../../../worker/webhooks/pubsub-oidc'

const BASE = 'http://google.local'
type Minted = { productId: string; purchaseToken: string }
let google: GoogleEmulatorState
let account: ServiceAccount

const emulatorFetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
  google.app.request(String(input), init)) as typeof fetch

beforeAll(async () => {
  google = await createGoogleEmulator()
  account = JSON.parse(await google.serviceAccountJson(`${BASE}/token`)) as ServiceAccount
})

const admin = async <T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> =>
  (await (
    await google.app.request(
      `${BASE}${path}`,
      body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
    )
  ).json()) as T

function play(tokens = new ServiceAccountTokens(account, { fetch: emulatorFetch })) {
  const config = {
    GOOGLE_PLAY_PACKAGE_NAME: LOCAL_PACKAGE_NAME,
    GOOGLE_SERVICE_ACCOUNT_JSON: account,
    GOOGLE_PLAY_API_URL: BASE,
  }
  return new GooglePlayApi({ config, fetch: emulatorFetch, tokens })
}

describe('Google emulator', () => {
  it('exchanges a valid service-account assertion for a token, and caches it', async () => {
    const tokens = new ServiceAccountTokens(account, { fetch: emulatorFetch })
    const first = await tokens.get()
    expect(first).toMatch(/^ya29\./)
    expect(await tokens.get()).toBe(first)
  })

  it('refuses an assertion signed with another key (invalid_grant)', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true })
    const forged = { ...account, private_key: await exportPKCS8(privateKey) }
    const error = await new ServiceAccountTokens(forged, { fetch: emulatorFetch })
      .get()
      .catch((e: unknown) => e)
    expect(String((error as Error).cause)).toMatch(/400 invalid_grant/)
  })

  it('refuses an assertion whose aud is the token_uri, not Google’s token endpoint', async () => {
    const key = await importPKCS8(account.private_key, 'RS256')
    const assertion = await new SignJWT({
      scope: 'https://www.googleapis.com/auth/androidpublisher',
    })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(account.client_email)
      .setAudience(account.token_uri)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key)
    const res = await google.app.request(`${BASE}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion,
      }),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid JWT: Failed audience check.',
    })
  })

  it('answers products.get for minted purchases, with states set by the admin API', async () => {
    const minted = await admin<Minted>('/_admin/purchases', {
      module: 'academic_writing',
      userId: 'u1',
    })
    expect(await play().getProduct(minted.productId, minted.purchaseToken)).toMatchObject({
      purchaseState: 0,
      purchaseType: 0,
      obfuscatedExternalAccountId: 'u1',
    })
    await admin(`/_admin/purchases/${minted.purchaseToken}`, { state: 'pending' })
    expect(await play().getProduct(minted.productId, minted.purchaseToken)).toMatchObject({
      purchaseState: 2,
    })
  })

  it('answers 401 to Play calls without a valid bearer token', async () => {
    const res = await google.app.request(
      `${BASE}/androidpublisher/v3/applications/${LOCAL_PACKAGE_NAME}/purchases/products/x/tokens/y`,
      {
        headers: { Authorization: 'Bearer ya29.made-up' },
      },
    )
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer .*error="invalid_token"/)
    expect(await res.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } })
  })

  it('fails consume as many times as asked, then consumes', async () => {
    const minted = await admin<Minted>('/_admin/purchases', {
      module: 'academic_writing',
      failConsumes: 1,
    })
    await expect(
      play().consumeProduct(minted.productId, minted.purchaseToken),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' })
    await play().consumeProduct(minted.productId, minted.purchaseToken)
    expect(await admin(`/_admin/purchases/${minted.purchaseToken}`)).toMatchObject({
      consumptionState: 1,
      consumeCalls: 2,
    })
  })

  it('signs Pub/Sub pushes with Google’s OIDC keys, which the identity emulator publishes', async () => {
    const push = (await admin('/_admin/pubsub/sign', {
      notification: { testNotification: {} },
    })) as unknown as {
      headers: { Authorization: string }
    }
    const idp = identityProviderApp({
      apple: await generateProviderKeys('apple'),
      google: await googleOidcKeys(),
    })
    const config = {
      GOOGLE_PLAY_PACKAGE_NAME: LOCAL_PACKAGE_NAME,
      GOOGLE_PUBSUB_AUDIENCE: LOCAL_PUBSUB_AUDIENCE,
      GOOGLE_PUBSUB_SERVICE_ACCOUNT: LOCAL_PUSH_ACCOUNT,
      GOOGLE_JWKS_URL: `http://idp.local/google/oauth2/v3/certs?${crypto.randomUUID()}`,
    }
    const claims = await verifyPubSubPush(push.headers.Authorization, config, {
      fetch: (async (input: RequestInfo | URL) => idp.request(String(input))) as typeof fetch,
    })
    expect(claims).toMatchObject({
      email: LOCAL_PUSH_ACCOUNT,
      email_verified: true,
      aud: LOCAL_PUBSUB_AUDIENCE,
    })
  })
})
