import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ServiceAccountTokens } from '../../../../worker/purchases/google/oauth'
import { GooglePlayApi } from '../../../../worker/purchases/google/play-api'
import { readConfig } from '../../../../worker/services/config'
import { emulator } from '../support'

const config = () => readConfig(env).google
const account = () => config().GOOGLE_SERVICE_ACCOUNT_JSON
/** The emulator answers `expires_in: 3599`, as Google's token endpoint does. */
const LIFETIME_MS = 3599_000
/** `oauth.ts` refreshes this long before expiry. */
const MARGIN_MS = 5 * 60_000

/**
 * Real fetch to the Google emulator that counts the exchanges reaching its token endpoint;
 * while `unreachable` is set, an exchange goes to a closed loopback port instead.
 */
function tokenEndpointProbe() {
  const probe = { exchanges: 0, attempts: 0, unreachable: false }
  const probeFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url !== account().token_uri) return fetch(input, init)
    probe.attempts++
    if (probe.unreachable) return fetch('http://127.0.0.1:9/token', init)
    probe.exchanges++
    return fetch(input, init)
  }
  return Object.assign(probe, { fetch: probeFetch })
}

/** Proves the emulator accepts a token: Play answers a purchase read with it. */
async function playAccepts(token: string) {
  const minted = await emulator('google', '/_admin/purchases', { module: 'academic_writing' })
  const tokens = { get: async () => token } as unknown as ServiceAccountTokens
  const play = new GooglePlayApi({ config: config(), tokens })
  const purchase = await play.getProduct(minted.productId as string, minted.purchaseToken as string)
  expect(purchase.purchaseState).toBe(0)
}

describe('ServiceAccountTokens against the Google emulator', () => {
  it('exchanges once for concurrent callers and reuses the token until the refresh margin', async () => {
    const probe = tokenEndpointProbe()
    // Start in the past so each assertion's iat is a real, recent time (Google refuses
    // assertions issued in the future).
    const start = Date.now() - (LIFETIME_MS - MARGIN_MS)
    let now = start
    const tokens = new ServiceAccountTokens(account(), { fetch: probe.fetch, now: () => now })
    const [first, same] = await Promise.all([tokens.get(), tokens.get()])
    expect(probe.exchanges).toBe(1)
    expect(same).toBe(first)
    await playAccepts(first)

    now = start + LIFETIME_MS - MARGIN_MS - 1
    expect(await tokens.get()).toBe(first)
    expect(probe.exchanges).toBe(1)

    now = start + LIFETIME_MS - MARGIN_MS
    const fresh = await tokens.get()
    expect(probe.exchanges).toBe(2)
    expect(fresh).not.toBe(first)
    await playAccepts(fresh)
    expect(await tokens.get()).toBe(fresh)
    expect(probe.exchanges).toBe(2)
  })

  it('does not cache a failed exchange: the next call exchanges again', async () => {
    const probe = tokenEndpointProbe()
    const tokens = new ServiceAccountTokens(account(), { fetch: probe.fetch })
    probe.unreachable = true
    const error = await tokens.get().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' })
    expect(probe).toMatchObject({ attempts: 1, exchanges: 0 })

    probe.unreachable = false
    const token = await tokens.get()
    expect(probe).toMatchObject({ attempts: 2, exchanges: 1 })
    await playAccepts(token)
  })
})
