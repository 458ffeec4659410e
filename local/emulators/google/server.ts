import { type Context, Hono } from 'hono'
import { exportPKCS8, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { googleOidcKeys } from '../identity-providers/google-keys'
import type { ProviderKeys } from '../identity-providers/tokens'
import { mountPlay, PLAY_ENDPOINTS } from './play'

export const LOCAL_PACKAGE_NAME = 'com.ieltsgenaiprep.app'
export const LOCAL_PUBSUB_AUDIENCE = 'ielts-local-rtdn'
export const LOCAL_PUSH_ACCOUNT = 'rtdn-push@ielts-local.iam.gserviceaccount.com'
const SCOPE = 'https://www.googleapis.com/auth/androidpublisher'
/** The audience Google requires of every service-account assertion. */
export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token'
const SHORT_LIVED =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.'
const NO_SCOPE = 'Invalid OAuth scope or ID token audience provided.'

/** Google's OAuth error body (RFC 6749 section 5.2): 400 `{ error, error_description }`. */
function oauthError(c: Context, error: string, description: string) {
  return c.json({ error, error_description: description }, 400)
}

/** What the Google emulator serves (the conformance suite covers each). */
export const GOOGLE_ENDPOINTS = {
  token: 'POST https://oauth2.googleapis.com/token (JWT bearer grant)',
  ...PLAY_ENDPOINTS,
} as const

export type GoogleEmulatorState = {
  app: Hono
  /** The key file handed to the worker (`GOOGLE_SERVICE_ACCOUNT_JSON`), its `token_uri` here. */
  serviceAccountJson(tokenUri: string): Promise<string>
}

/**
 * Google, locally: the OAuth token endpoint (RFC 7523 JWT bearer grant; verifies the RS256
 * assertion with the service account's public key, its `iss`, `aud`, `exp`), androidpublisher
 * `purchases.products` get/acknowledge/consume (`./play.ts`), and an admin API that
 * signs Pub/Sub push requests and sends them. Push tokens are signed with Google's OIDC
 * keys (`oidcKeys`, by default the ones the identity-provider emulator publishes as
 * Google's JWKS), as Google signs them with the keys that sign its ID tokens.
 */
export async function createGoogleEmulator(
  options: { oidcKeys?: ProviderKeys } = {},
): Promise<GoogleEmulatorState> {
  const account = await generateKeyPair('RS256', { extractable: true })
  const accountKeyId = crypto.randomUUID().replace(/-/g, '')
  const clientEmail = 'play-api@ielts-local.iam.gserviceaccount.com'
  const oidc = options.oidcKeys ?? (await googleOidcKeys())
  const oidcSigner = oidc.published[0]!
  const tokens = new Map<string, { expiresAt: number; scopes: string[] }>()
  const app = new Hono()

  app.post('/token', async (c) => {
    const form = await c.req.parseBody()
    if (form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return oauthError(
        c,
        'unsupported_grant_type',
        `Invalid grant_type: ${String(form.grant_type ?? '')}`,
      )
    }
    const checked = await checkAssertion(String(form.assertion ?? ''))
    if ('refusal' in checked)
      return oauthError(c, checked.error ?? 'invalid_grant', checked.refusal)
    const token = `ya29.local-${crypto.randomUUID()}`
    tokens.set(token, { expiresAt: Date.now() + 3600_000, scopes: checked.scopes })
    return c.json({ access_token: token, expires_in: 3599, token_type: 'Bearer' })
  })

  /**
   * What Google's token endpoint checks of an RFC 7523 assertion: the signature by the
   * account's key, `iss` = the account, `aud` = https://oauth2.googleapis.com/token (always
   * that, whatever `token_uri` the key file names), `iat`/`exp` at most an hour apart. The
   * scopes are granted as asked; an API then refuses a token without its scope (403).
   */
  async function checkAssertion(
    assertion: string,
  ): Promise<{ scopes: string[] } | { refusal: string; error?: 'invalid_scope' }> {
    let payload: Record<string, unknown>
    try {
      payload = (await jwtVerify(assertion, account.publicKey, { algorithms: ['RS256'] })).payload
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'ERR_JWT_EXPIRED') return { refusal: SHORT_LIVED }
      return { refusal: 'Invalid JWT Signature.' }
    }
    if (payload.iss !== clientEmail) return { refusal: 'Invalid grant: account not found' }
    if (payload.aud !== GOOGLE_TOKEN_AUDIENCE)
      return { refusal: 'Invalid JWT: Failed audience check.' }
    const now = Math.floor(Date.now() / 1000)
    const iat = Number(payload.iat)
    const exp = Number(payload.exp)
    if (!Number.isFinite(iat) || !Number.isFinite(exp) || exp - iat > 3600 || iat > now + 300) {
      return { refusal: SHORT_LIVED }
    }
    const scopes = String(payload.scope ?? '')
      .split(' ')
      .filter(Boolean)
    // An access token needs a scope (an ID token a `target_audience`, not emulated).
    if (scopes.length === 0) return { refusal: NO_SCOPE, error: 'invalid_scope' }
    return { scopes }
  }

  mountPlay(app, {
    packageName: LOCAL_PACKAGE_NAME,
    access: (bearer) => {
      const token = bearer === undefined ? undefined : tokens.get(bearer)
      if (!token || token.expiresAt <= Date.now()) return 'unauthenticated'
      return token.scopes.includes(SCOPE) ? 'granted' : 'insufficient_scope'
    },
  })

  /** Signs a Pub/Sub push for a notification; options break one check at a time for tests. */
  async function signPush(body: PushRequest) {
    const messageId = body.messageId ?? String(Date.now() * 1000 + Math.floor(Math.random() * 1000))
    const notification = {
      version: '1.0',
      packageName: LOCAL_PACKAGE_NAME,
      eventTimeMillis: String(Date.now()),
      ...body.notification,
    }
    const data = Buffer.from(JSON.stringify(notification)).toString('base64')
    // An unknown key under the published kid: the signature, not the key lookup, fails.
    const signer = body.signWithUnknownKey ? oidc.untrusted : oidcSigner.privateKey
    const token = await new SignJWT({
      email: body.email ?? LOCAL_PUSH_ACCOUNT,
      email_verified: body.emailVerified ?? true,
    })
      .setProtectedHeader({ alg: 'RS256', kid: oidcSigner.kid, typ: 'JWT' })
      .setIssuer('https://accounts.google.com')
      .setAudience(body.audience ?? LOCAL_PUBSUB_AUDIENCE)
      .setSubject('112233445566778899000')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(signer)
    const envelope = {
      message: {
        data,
        messageId,
        message_id: messageId,
        publishTime: new Date().toISOString(),
        attributes: {},
      },
      subscription: 'projects/ielts-local/subscriptions/play-rtdn-push',
    }
    return {
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: envelope,
    }
  }

  app.post('/_admin/pubsub/sign', async (c) =>
    c.json(await signPush((await c.req.json()) as PushRequest)),
  )

  app.post('/_admin/pubsub/push', async (c) => {
    const request = (await c.req.json()) as PushRequest & { url: string }
    const push = await signPush(request)
    const res = await fetch(request.url, {
      method: 'POST',
      headers: push.headers,
      body: JSON.stringify(push.body),
    }).catch(() => undefined)
    if (!res) return c.json({ error: `the push endpoint ${request.url} is not answering` }, 502)
    return c.json({
      status: res.status,
      body: await res.json().catch(() => null),
      messageId: push.body.message.messageId,
    })
  })

  return {
    app,
    async serviceAccountJson(uri: string) {
      // The key file as Google Cloud issues it: every field, the PEM with its line breaks.
      return JSON.stringify({
        type: 'service_account',
        project_id: 'ielts-local',
        private_key_id: accountKeyId,
        private_key: await exportPKCS8(account.privateKey),
        client_email: clientEmail,
        client_id: '100000000000000000001',
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: uri,
        auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
        client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
        universe_domain: 'googleapis.com',
      })
    },
  }
}

export type PushRequest = {
  notification: Record<string, unknown>
  messageId?: string
  audience?: string
  email?: string
  emailVerified?: boolean
  signWithUnknownKey?: boolean
}
