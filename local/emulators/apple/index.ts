import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Emulator } from '..'
import { createAppleEmulator } from './server'

/**
 * Starts the App Store emulator on a free loopback port. Its `vars` point the worker at it:
 * trust the emulator's root (production keeps Apple Root CA - G3), the local bundle id,
 * and an App Store Server API key made for this run (a secret in production).
 *
 * @example
 * const apple = await startAppleEmulator()
 * await fetch(`${apple.urls.apple}/_admin/transactions`, { method: 'POST', body: … })
 */
export async function startAppleEmulator(): Promise<Emulator> {
  const emulator = await createAppleEmulator()
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: emulator.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    name: 'apple',
    vars: {
      APPLE_BUNDLE_ID: emulator.bundleId,
      APPLE_APP_APPLE_ID: String(emulator.appAppleIds.get(emulator.bundleId)),
      APPLE_ROOT_CA_SHA256: emulator.chain.rootSha256,
      APPLE_API_ISSUER_ID: emulator.issuerId,
      APPLE_API_KEY_ID: emulator.keyId,
      APPLE_API_PRIVATE_KEY: emulator.privateKeyPem,
      APPLE_API_URL_PRODUCTION: `${url}/production`,
      APPLE_API_URL_SANDBOX: `${url}/sandbox`,
    },
    urls: { apple: url },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
