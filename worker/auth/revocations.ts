import type { Logger } from '../../shared/log'
import { ACCESS_TOKEN_TTL_SECONDS } from './access-token'
import { BoundedCache } from './bounded-cache'

const KEY_PREFIX = 'user-not-before:'
/** KV caches a read (a miss too) at the edge location this long; 60 s works on every plan. */
const KV_CACHE_TTL_SECONDS = 60
/** A miss is trusted this long per isolate before KV is asked again. */
const ISOLATE_MISS_TTL_MS = 15_000
/** After this, every token issued before the cut-off has expired anyway. */
const ENTRY_TTL_SECONDS = ACCESS_TOKEN_TTL_SECONDS + 5 * 60
const CACHE_SIZE = 10_000

type Entry = { notBefore: number | null; validUntil: number }

// Per isolate, shared by every request (one REVOCATIONS namespace per deployment).
const isolateCache = new BoundedCache<string, Entry>(CACHE_SIZE)

/**
 * Per-user "not before" for access tokens, checked at the edge on every authenticated
 * request with no origin round trip: a per-isolate cache first, then Workers KV read
 * with `cacheTtl` (served from the edge location's cache). Written when an account is
 * erased; KV's eventual consistency means another location may accept an old token for
 * up to about a minute more, always well within the token's 15-minute lifetime.
 */
/** The part of a Workers KV namespace the cut-offs use (the `REVOCATIONS` binding). */
export type RevocationKv = {
  get(key: string, options: { cacheTtl: number }): Promise<string | null>
  put(key: string, value: string, options: { expirationTtl: number }): Promise<void>
}

export class Revocations {
  readonly #kv: RevocationKv
  readonly #log: Logger | undefined

  constructor(kv: RevocationKv, log?: Logger) {
    this.#kv = kv
    this.#log = log
  }

  /**
   * Epoch seconds before which (inclusive) this user's access tokens are refused, or null.
   *
   * @example
   * const cutoff = await revocations.notBefore(user.id, Date.now())
   */
  async notBefore(userId: string, now: number): Promise<number | null> {
    const cached = isolateCache.get(userId)
    if (cached && cached.validUntil > now) return cached.notBefore
    let stored: string | null
    try {
      stored = await this.#kv.get(KEY_PREFIX + userId, { cacheTtl: KV_CACHE_TTL_SECONDS })
    } catch {
      // Fail open: the cut-off backs up an erasure that already revoked every session.
      this.#log?.warn('revocation list unreachable')
      return null
    }
    const notBefore = stored === null ? null : Number(stored)
    isolateCache.set(userId, entry(Number.isFinite(notBefore) ? notBefore : null, now))
    return notBefore
  }

  /**
   * Refuses every access token of `userId` issued at or before `atSeconds`; this isolate
   * knows at once, the rest of the network through KV.
   */
  async revokeIssuedUntil(userId: string, atSeconds: number, now: number): Promise<void> {
    isolateCache.set(userId, entry(atSeconds, now))
    await this.#kv.put(KEY_PREFIX + userId, String(atSeconds), {
      expirationTtl: ENTRY_TTL_SECONDS,
    })
  }
}

function entry(notBefore: number | null, now: number): Entry {
  const validUntil =
    notBefore === null ? now + ISOLATE_MISS_TTL_MS : (notBefore + ENTRY_TTL_SECONDS) * 1000
  return { notBefore, validUntil }
}
