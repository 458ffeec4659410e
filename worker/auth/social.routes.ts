import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { jsonBodyErrors, PUBLIC } from '../http/openapi'
import { pseudonym } from '../lib/hashing'
import { clientIp } from '../rate-limit/client-ip'
import { LIMITS } from '../rate-limit/rules'
import type { AppEnv } from '../types'
import { type VerifiedIdentity, verifyAppleIdentityToken, verifyGoogleIdToken } from './id-tokens'
import { errorContent, jsonBody, signedInResponse } from './schemas'
import { type AuthDeps, homeForNewAccount, nearestLimiter, openSession } from './sign-in'
import { socialSignIn } from './social-sign-in'

const IdToken = z.string().min(20).max(8192)
const Nonce = z
  .string()
  .min(1)
  .max(512)
  .optional()
  .openapi({ description: 'The raw nonce the app generated for this sign-in, if any.' })

const AppleSignIn = z.object({ identityToken: IdToken, nonce: Nonce }).openapi('AppleSignIn')
const GoogleSignIn = z.object({ idToken: IdToken, nonce: Nonce }).openapi('GoogleSignIn')

// A JWT's shape only; the provider signs the real one.
const EXAMPLE_ID_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImV4YW1wbGUifQ.eyJpc3MiOiJodHRwczovL2FwcGxlaWQuYXBwbGUuY29tIn0.c2lnbmF0dXJl'

const responses = {
  200: signedInResponse('Signed in'),
  201: signedInResponse('A new account was created and signed in'),
  400: errorContent('`VALIDATION_FAILED`, or `BAD_REQUEST` when the token has no email'),
  401: errorContent('`INVALID_TOKEN`: bad signature, wrong audience or issuer, expired, nonce'),
  403: errorContent('`FORBIDDEN`: the provider has not verified the email'),
  409: errorContent('`EMAIL_TAKEN`: a password account holds the (unverified) email'),
  429: errorContent('`RATE_LIMITED`, with `Retry-After`'),
  502: errorContent('`UPSTREAM_ERROR`: the provider’s keys could not be fetched'),
  503: errorContent('`SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE`'),
  ...jsonBodyErrors,
} satisfies RouteConfig['responses']

export const appleSignInRoute = createRoute({
  method: 'post',
  path: '/api/auth/apple',
  operationId: 'signInWithApple',
  tags: ['Accounts'],
  summary: 'Sign in with Apple (identity token from ASAuthorizationAppleIDCredential)',
  security: PUBLIC,
  request: {
    body: jsonBody(AppleSignIn, {
      identityToken: EXAMPLE_ID_TOKEN,
      nonce: 'b1f0c9d2-6a3e-4f57-8c21-9e7d4a5b3c60',
    }),
  },
  responses,
})

export const googleSignInRoute = createRoute({
  method: 'post',
  path: '/api/auth/google',
  operationId: 'signInWithGoogle',
  tags: ['Accounts'],
  summary: 'Sign in with Google (ID token from Google Sign-In / Credential Manager)',
  security: PUBLIC,
  request: { body: jsonBody(GoogleSignIn, { idToken: EXAMPLE_ID_TOKEN }) },
  responses,
})

/** `POST /api/auth/apple` and `POST /api/auth/google`: same answer as login (201 when created). */
export function registerSocialSignIn(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  app.openapi(appleSignInRoute, async (c) => {
    const { identityToken, nonce } = c.req.valid('json')
    await limitPerIp(c, deps)
    const config = c.get('services').config.appleSignIn
    const identity = await verifyAppleIdentityToken(identityToken, {
      clientIds: config.APPLE_CLIENT_IDS,
      jwksUrl: config.APPLE_JWKS_URL,
      nonce,
      now: deps.now(),
    })
    const { body, created } = await signIn(c, deps, identity)
    return created ? c.json(body, 201) : c.json(body, 200)
  })

  app.openapi(googleSignInRoute, async (c) => {
    const { idToken, nonce } = c.req.valid('json')
    await limitPerIp(c, deps)
    const config = c.get('services').config.googleSignIn
    const identity = await verifyGoogleIdToken(idToken, {
      clientIds: config.GOOGLE_CLIENT_IDS,
      jwksUrl: config.GOOGLE_JWKS_URL,
      nonce,
      now: deps.now(),
    })
    const { body, created } = await signIn(c, deps, identity)
    return created ? c.json(body, 201) : c.json(body, 200)
  })
}

async function limitPerIp(c: Context<AppEnv>, deps: AuthDeps) {
  const ip = await pseudonym(clientIp(c))
  await nearestLimiter(c, deps).consume({ hit: [{ rule: LIMITS.socialPerIp, subject: ip }] })
}

async function signIn(c: Context<AppEnv>, deps: AuthDeps, identity: VerifiedIdentity) {
  const subject = await pseudonym(`${identity.provider}:${identity.subject}`)
  await nearestLimiter(c, deps).consume({ hit: [{ rule: LIMITS.socialPerAccount, subject }] })
  const { account, created } = await socialSignIn(c.get('data'), identity, {
    homeRegion: homeForNewAccount(c),
    now: deps.now(),
  })
  c.header('Cache-Control', 'no-store')
  return { body: await openSession(c, deps, account), created }
}
