import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Emulator } from '..'
import {
  createGoogleEmulator,
  LOCAL_PACKAGE_NAME,
  LOCAL_PUBSUB_AUDIENCE,
  LOCAL_PUSH_ACCOUNT,
} from './server'

/**
 * Starts the Google Play emulator on a free loopback port; its `vars` give the worker a
 * service-account key made for this run (a secret in production), Play's endpoints here,
 * and the Pub/Sub push identity to expect. The keys of the push tokens are Google's OIDC
 * keys, which the identity-provider emulator publishes at `GOOGLE_JWKS_URL`.
 *
 * @example
 * const google = await startGoogleEmulator()
 */
export async function startGoogleEmulator(): Promise<Emulator> {
  const emulator = await createGoogleEmulator()
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: emulator.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    name: 'google',
    vars: {
      GOOGLE_PLAY_PACKAGE_NAME: LOCAL_PACKAGE_NAME,
      GOOGLE_SERVICE_ACCOUNT_JSON: await emulator.serviceAccountJson(`${url}/token`),
      GOOGLE_PLAY_API_URL: url,
      GOOGLE_PUBSUB_AUDIENCE: LOCAL_PUBSUB_AUDIENCE,
      GOOGLE_PUBSUB_SERVICE_ACCOUNT: LOCAL_PUSH_ACCOUNT,
    },
    urls: { google: url },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
