import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Emulator, EmulatorContext } from '.'
import { googleOidcKeys } from './identity-providers/google-keys'
import { localAuthSecrets } from './identity-providers/local-secrets'
import {
  generateProviderKeys,
  jwksDocument,
  mintIdToken,
  type Provider,
  type ProviderKeys,
} from './identity-providers/tokens'

/** The client ids the local worker accepts (the app's bundle id and OAuth client id). */
export const LOCAL_CLIENT_IDS: Record<Provider, string> = {
  apple: 'com.ieltsgenaiprep.app',
  google: 'ielts-genai-prep-local.apps.googleusercontent.com',
}

// The real paths: https://appleid.apple.com/auth/keys and https://www.googleapis.com/oauth2/v3/certs.
const JWKS_PATHS: Record<Provider, string> = {
  apple: '/apple/auth/keys',
  google: '/google/oauth2/v3/certs',
}

const MintBody = z.object({
  provider: z.enum(['apple', 'google']),
  email: z.string().min(3).max(254),
  sub: z.string().min(1).max(255).optional(),
  nonce: z.string().min(1).max(512).optional(),
  audience: z.string().min(1).max(255).optional(),
  expiresIn: z.number().int().min(-86_400).max(86_400).optional(),
  emailVerified: z.boolean().optional(),
  untrusted: z.boolean().optional(),
  issuer: z.string().min(1).max(255).optional(),
})

/**
 * Sign in with Apple and Google, on loopback: RS256 keys generated at start, each
 * provider's JWKS served at its real path, and `POST /mint` standing in for the
 * provider's sign-in sheet (it returns an ID token the way the platform SDK hands one to
 * the app). The worker verifies these tokens with the same code as the real ones; only
 * the JWKS URLs and client ids differ. Google's key set is also the one the Play
 * emulator signs Pub/Sub push tokens with (`./identity-providers/google-keys.ts`), so
 * `GOOGLE_JWKS_URL` serves both, as Google's real JWKS does. Also hands the worker its own local auth secrets
 * (access-token signing key, password pepper), kept in the dev data directory.
 *
 * @example
 * const idp = await identityProviders({ edgeCredentials })
 * await fetch(`${idp.urls.identityProviders}/mint`, { method: 'POST', body: JSON.stringify({ provider: 'apple', email }) })
 */
export async function identityProviders(context: EmulatorContext): Promise<Emulator> {
  const keys = {
    apple: await generateProviderKeys('apple'),
    // Shared with the Play emulator's Pub/Sub push sender, as Google shares them.
    google: await googleOidcKeys(),
  }
  const server = await listen(identityProviderApp(keys))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    name: 'identity-providers',
    vars: {
      APPLE_JWKS_URL: `${url}${JWKS_PATHS.apple}`,
      GOOGLE_JWKS_URL: `${url}${JWKS_PATHS.google}`,
      APPLE_CLIENT_IDS: LOCAL_CLIENT_IDS.apple,
      GOOGLE_CLIENT_IDS: LOCAL_CLIENT_IDS.google,
      ...localAuthSecrets(context.dataDir),
    },
    urls: { identityProviders: url },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}

/** The emulator's routes, separate from the server so tests can call them directly. */
export function identityProviderApp(keys: Record<Provider, ProviderKeys>): Hono {
  const app = new Hono()
  for (const provider of ['apple', 'google'] as const) {
    app.get(JWKS_PATHS[provider], (c) => {
      c.header('Cache-Control', 'public, max-age=3600')
      return c.json(jwksDocument(keys[provider]))
    })
  }
  app.post('/mint', async (c) => {
    const parsed = MintBody.safeParse(await c.req.json().catch(() => null))
    if (!parsed.success)
      return c.json({ error: parsed.error.issues[0]?.message ?? 'bad body' }, 400)
    const request = parsed.data
    const clientIds = [LOCAL_CLIENT_IDS[request.provider]]
    return c.json({ token: await mintIdToken(keys[request.provider], request, clientIds) })
  })
  return app
}

function listen(app: Hono): Promise<ReturnType<typeof serve> & { closeAllConnections?(): void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(server),
    )
  })
}
