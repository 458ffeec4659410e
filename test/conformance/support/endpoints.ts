import { describe, expect, it } from 'vitest'

/**
 * The shape every conformance file follows: one `endpoint(...)` block per emulated
 * endpoint, holding at least one `accepts(...)` case (the vendor's own client, configured
 * with nothing but the emulator's address and trust root, gets what it would get from the
 * real service) and at least one `refuses(...)` case (what the real service would refuse —
 * bad signature, wrong audience, expired, wrong environment — answered with the real
 * service's status, error type and body shape). `everyEndpointCovered(list)` at the end of
 * the file fails when the emulator serves an endpoint without both kinds of case.
 *
 * @example
 * endpoint(APP_STORE_ENDPOINTS.getTransactionInfo, () => {
 *   accepts('a signed transaction for a minted purchase', async () => { … })
 *   refuses('a token signed with another key: 401', async () => { … })
 * })
 * everyEndpointCovered(Object.values(APP_STORE_ENDPOINTS))
 */

type Coverage = { accepts: number; refuses: number }

const covered = new Map<string, Coverage>()
let current: string | undefined

/** A `describe` for one endpoint, e.g. `GET /inApps/v1/transactions/{transactionId}`. */
export function endpoint(name: string, cases: () => void): void {
  describe(name, () => {
    const previous = current
    current = name
    if (!covered.has(name)) covered.set(name, { accepts: 0, refuses: 0 })
    cases()
    current = previous
  })
}

/** A case the vendor's client completes as it would against the real service. */
export function accepts(title: string, test: () => Promise<void>, timeout?: number): void {
  count('accepts')
  it(`accepts ${title}`, test, timeout)
}

/** A case the real service refuses, answered the way the real service answers. */
export function refuses(title: string, test: () => Promise<void>, timeout?: number): void {
  count('refuses')
  it(`refuses ${title}`, test, timeout)
}

/** Fails when an endpoint the emulator serves lacks an accepted or a refused case. */
export function everyEndpointCovered(served: readonly string[]): void {
  it('has an accepted and a refused case for every endpoint the emulator serves', () => {
    const missing = served.filter((name) => {
      const cases = covered.get(name)
      return !cases || cases.accepts === 0 || cases.refuses === 0
    })
    expect(missing).toEqual([])
  })
}

function count(kind: keyof Coverage): void {
  if (!current) throw new Error(`${kind}() must be called inside endpoint()`)
  covered.get(current)![kind]++
}
