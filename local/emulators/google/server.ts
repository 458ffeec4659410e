import { Hono } from 'hono'
import { exportPKCS8, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { googleOidcKeys } from '../identity-providers/google-keys'
import type { ProviderKeys } from '../identity-providers/tokens'
import { mountPlay } from './play'

export const LOCAL_PACKAGE_NAME = 'com.ieltsgenaiprep.app'
export const LOCAL_PUBSUB_AUDIENCE = 'ielts-local-rtdn'
export const LOCAL_PUSH_ACCOUNT = 'rtdn-push@ielts-local.iam.gserviceaccount.com'
const SCOPE = 'https://www.googleapis.com/auth/androidpublisher'

export type GoogleEmulatorState = {
  app: Hono
  /** The key file handed to the worker (`GOOGLE_SERVICE_ACCOUNT_JSON`); fixes the token URI. */
  serviceAccountJson(tokenUri: string): Promise<string>
}

/**
 * Google, locally: the OAuth token endpoint (RFC 7523 JWT bearer grant; verifies the RS256
 * assertion with the service account's public key, its `iss`, `aud`, `scope`, `exp`),
 * androidpublisher `purchases.products` get/consume (`./play.ts`), and an admin API that
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
  const tokens = new Map<string, number>()
  let tokenUri = ''
  const app = new Hono()

  app.post('/token', async (c) => {
    const form = await c.req.parseBody()
    if (form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return c.json({ error: 'unsupported_grant_type' }, 400)
    }
    const refusal = await checkAssertion(String(form.assertion ?? ''))
    if (refusal) return c.json({ error: 'invalid_grant', error_description: refusal }, 400)
    const token = `ya29.local-${crypto.randomUUID()}`
    tokens.set(token, Date.now() + 3600_000)
    return c.json({ access_token: token, expires_in: 3599, token_type: 'Bearer' })
  })

  async function checkAssertion(assertion: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(assertion, account.publicKey, {
        algorithms: ['RS256'],
        issuer: clientEmail,
        audience: tokenUri,
        requiredClaims: ['iat', 'exp'],
      })
      if (
        !String(payload.scope ?? '')
          .split(' ')
          .includes(SCOPE)
      )
        return 'Missing scope.'
      if ((payload.exp as number) - (payload.iat as number) > 3600)
        return 'Invalid JWT: Token must be a short-lived token (60 minutes).'
      return undefined
    } catch {
      return 'Invalid JWT Signature.'
    }
  }

  mountPlay(app, {
    packageName: LOCAL_PACKAGE_NAME,
    authorised: (bearer) => bearer !== undefined && (tokens.get(bearer) ?? 0) > Date.now(),
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
      tokenUri = uri
      const privateKey = (await exportPKCS8(account.privateKey)).replace(/\n/g, '')
      return JSON.stringify({
        type: 'service_account',
        project_id: 'ielts-local',
        private_key_id: accountKeyId,
        private_key: privateKey,
        client_email: clientEmail,
        token_uri: uri,
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
