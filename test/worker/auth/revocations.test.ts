import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { Revocations } from '../../../worker/auth/revocations'

const kv = env.REVOCATIONS as KVNamespace

describe('Revocations (per-user "not before" in Workers KV)', () => {
  it('has no cut-off for a user nobody erased', async () => {
    expect(await new Revocations(kv).notBefore(crypto.randomUUID(), Date.now())).toBeNull()
  })

  it('writes the cut-off to KV with an expiry past the access-token lifetime', async () => {
    const userId = crypto.randomUUID()
    const now = Date.now()
    await new Revocations(kv).revokeIssuedUntil(userId, Math.floor(now / 1000), now)
    const { value, metadata } = await kv.getWithMetadata(`user-not-before:${userId}`)
    expect(value).toBe(String(Math.floor(now / 1000)))
    expect(metadata).toBeNull()
    const listed = await kv.list({ prefix: `user-not-before:${userId}` })
    const expiration = listed.keys[0]?.expiration ?? 0
    expect(expiration - now / 1000).toBeGreaterThan(15 * 60)
    expect(expiration - now / 1000).toBeLessThanOrEqual(20 * 60 + 1)
  })

  it('reads a cut-off written elsewhere (another isolate) from KV', async () => {
    const userId = crypto.randomUUID()
    await kv.put(`user-not-before:${userId}`, '1700000000')
    expect(await new Revocations(kv).notBefore(userId, Date.now())).toBe(1_700_000_000)
  })
})
