import type { Redis } from '@upstash/redis'
import type { Region } from '../../shared/regions'
import {
  FAMILY_LIFETIME_MS,
  formatRefreshToken,
  type Generation,
  generationField as gen,
  IDLE_LIFETIME_MS,
  familyKeys as keys,
  newFamilyId,
  RETRY_GRACE_MS,
  type RefreshTokenParts,
  refreshTokenHash,
} from './refresh-token'
import { openChild, sealChild } from './retry-box'
import { type Family, isGeneration, judge } from './verdict'

export type FamilyUser = { id: string; email: string }

export type Rotation =
  | { ok: true; refreshToken: string; user: FamilyUser; retried: boolean }
  | { ok: false; reason: 'invalid' | 'expired' | 'reused' }

/** The account is being erased: no session may start. */
export class AccountErasedError extends Error {
  constructor() {
    super('The account is being erased.')
    this.name = 'AccountErasedError'
  }
}

const ERASED_MARKER_MS = 24 * 3600_000

/**
 * Refresh-token families in one region's Redis (the user's home). A family is one
 * sign-in: a hash of `gen:<n>` → {token hash, issued at}, with its absolute expiry and
 * the account email. Every use rotates; presenting a rotated token revokes the family,
 * except the immediate parent within `RETRY_GRACE_MS`, which gets the same child back.
 *
 * Rotation needs no EVAL: `HSETNX gen:<n+1>` inside MULTI is the single point of truth,
 * so of any number of concurrent refreshes exactly one installs a child, and the others
 * (in the same MULTI) read that child's sealed copy and return it — one chain survives.
 * Every retry inside the window gets that child, not only the first: an app's two
 * concurrent refreshes must not end its session, and a thief holding the parent gains
 * nothing from a second retry that the first did not already give.
 *
 * @example
 * const store = new RefreshFamilyStore(regionRedis(origin, 'eu-west-1'), 'eu-west-1')
 * const token = await store.start({ id, email })
 * const next = await store.rotate(token, parseRefreshToken(token)!)
 */
export class RefreshFamilyStore {
  readonly #redis: Redis
  readonly #region: Region
  readonly #now: () => number

  constructor(redis: Redis, region: Region, options: { now?: () => number } = {}) {
    this.#redis = redis
    this.#region = region
    this.#now = options.now ?? Date.now
  }

  /** Starts a family for a sign-in and answers its first refresh token. */
  async start(user: FamilyUser): Promise<string> {
    const parts = { region: this.#region, userId: user.id, familyId: newFamilyId(), generation: 0 }
    const token = formatRefreshToken(parts)
    const now = this.#now()
    const family = keys.family(user.id, parts.familyId)
    const first: Generation = { h: await refreshTokenHash(token), at: now }
    const [, , , , erased] = await this.#redis
      .multi()
      .hset(family, {
        exp: now + FAMILY_LIFETIME_MS,
        created: now,
        email: user.email,
        [gen(0)]: first,
      })
      .pexpire(family, IDLE_LIFETIME_MS)
      .sadd(keys.families(user.id), parts.familyId)
      .pexpire(keys.families(user.id), FAMILY_LIFETIME_MS)
      .exists(keys.erased(user.id))
      .exec<[number, number, number, number, number]>()
    if (erased) {
      await this.#revoke(parts)
      throw new AccountErasedError()
    }
    return token
  }

  /** Uses a refresh token: its child (rotation or retry), or why it is refused. */
  async rotate(token: string, parts: RefreshTokenParts): Promise<Rotation> {
    const now = this.#now()
    const hash = await refreshTokenHash(token)
    const g = parts.generation
    const [family, box, erased] = await this.#redis
      .multi()
      .hmget(
        keys.family(parts.userId, parts.familyId),
        'exp',
        'email',
        gen(g),
        gen(g + 1),
        gen(g + 2),
      )
      .get(keys.retry(parts.userId, hash))
      .exists(keys.erased(parts.userId))
      .exec<[Family, unknown, number]>()
    const verdict = erased ? { kind: 'invalid' as const } : judge(family, hash, g, now)
    switch (verdict.kind) {
      case 'current':
        return this.#advance(token, hash, parts, verdict, now)
      case 'parent':
        return this.#retry(token, box, verdict.child, parts, verdict.email, now)
      case 'invalid':
        return { ok: false, reason: 'invalid' }
      default:
        await this.#revoke(parts)
        return { ok: false, reason: verdict.kind }
    }
  }

  /** Ends the family `token` belongs to (logout); false when the token is not one of it. */
  async end(token: string, parts: RefreshTokenParts): Promise<boolean> {
    const hash = await refreshTokenHash(token)
    const field = gen(parts.generation)
    const stored = await this.#redis.hget(keys.family(parts.userId, parts.familyId), field)
    if (!isGeneration(stored) || stored.h !== hash) return false
    await this.#revoke(parts)
    return true
  }

  /**
   * Ends every family of a user (account erasure) and deletes `userKeys`, the user's
   * other keys in their slot (`{u:<id>}:…`, e.g. the daily model-call counters). The
   * erased marker is set in the same MULTI that lists the families, so a sign-in racing
   * the erasure either is listed here or sees the marker and undoes itself; the marker
   * (no data, only the id in its name) outlives the erasure by a day for that reason.
   * Retry boxes of rotations still inside the grace window go too (found from the
   * families' generations: the origin allows no SCAN).
   */
  async endAll(userId: string, userKeys: readonly string[] = []): Promise<number> {
    if (userKeys.some((key) => !key.startsWith(`{u:${userId}}:`))) {
      throw new TypeError('endAll: every extra key must be in the user’s hash-tag slot')
    }
    const [, families] = await this.#redis
      .multi()
      .set(keys.erased(userId), 1, { px: ERASED_MARKER_MS })
      .smembers(keys.families(userId))
      .exec<[unknown, string[]]>()
    const doomed = families.map((familyId) => keys.family(userId, familyId))
    const erase = this.#redis.multi()
    for (const family of doomed) erase.hgetall(family)
    erase.del(...doomed, keys.families(userId), ...userKeys)
    const read = (await erase.exec<unknown[]>()).slice(0, doomed.length) as Family[]
    const since = this.#now() - RETRY_GRACE_MS
    const boxes = read.flatMap((family) => recentParents(family, since))
    if (boxes.length > 0) await this.#redis.del(...boxes.map((h) => keys.retry(userId, h)))
    return families.length
  }

  /** The user's live sessions (for the data export): when each started and ends. */
  async list(userId: string): Promise<{ id: string; startedAt: string; expiresAt: string }[]> {
    const families = (await this.#redis.smembers(keys.families(userId))).slice(0, 90)
    if (families.length === 0) return []
    const pipeline = this.#redis.pipeline()
    for (const id of families) pipeline.hmget(keys.family(userId, id), 'created', 'exp')
    const rows = await pipeline.exec<Family[]>()
    return families.flatMap((id, i) => {
      const row = rows[i]
      if (typeof row?.created !== 'number' || typeof row.exp !== 'number') return []
      const startedAt = new Date(row.created).toISOString()
      return [{ id, startedAt, expiresAt: new Date(row.exp).toISOString() }]
    })
  }

  async #advance(
    token: string,
    hash: string,
    parts: RefreshTokenParts,
    current: { email: string; exp: number },
    now: number,
  ): Promise<Rotation> {
    const g = parts.generation
    const child = formatRefreshToken({ ...parts, generation: g + 1 })
    const record: Generation = { h: await refreshTokenHash(child), at: now }
    const box = await sealChild(token, child)
    const family = keys.family(parts.userId, parts.familyId)
    const retryKey = keys.retry(parts.userId, hash)
    const ttl = Math.max(1, Math.min(IDLE_LIFETIME_MS, current.exp - now))
    const [won, , , after, erased, storedBox] = await this.#redis
      .multi()
      .hsetnx(family, gen(g + 1), record)
      .set(retryKey, { c: box }, { nx: true, px: RETRY_GRACE_MS })
      .pexpire(family, ttl)
      .hmget(family, 'exp', gen(g + 1), gen(g + 2))
      .exists(keys.erased(parts.userId))
      .get(retryKey)
      .exec<[number, unknown, number, Family, number, unknown]>()
    if (erased || typeof after?.exp !== 'number') {
      // Revoked (or erased) between our read and our write: HSETNX may have re-created
      // the hash with only our field; remove it rather than wait for its TTL.
      await this.#revoke(parts)
      return { ok: false, reason: 'invalid' }
    }
    if (won === 1)
      return {
        ok: true,
        refreshToken: child,
        user: { id: parts.userId, email: current.email },
        retried: false,
      }
    // Another request rotated this token first. If the chain has moved on again, this is
    // a stale replay; otherwise it is a concurrent retry and gets the winner's child.
    const winner = after[gen(g + 1)]
    if (after[gen(g + 2)] || !isGeneration(winner)) {
      await this.#revoke(parts)
      return { ok: false, reason: 'reused' }
    }
    return this.#retry(token, storedBox, winner, parts, current.email, now)
  }

  async #retry(
    token: string,
    box: unknown,
    child: Generation,
    parts: RefreshTokenParts,
    email: string,
    now: number,
  ): Promise<Rotation> {
    const sealed = (box as { c?: unknown } | null)?.c
    const opened = typeof sealed === 'string' ? await openChild(token, sealed) : undefined
    const fresh = now - child.at <= RETRY_GRACE_MS
    if (opened && fresh && (await refreshTokenHash(opened)) === child.h) {
      return { ok: true, refreshToken: opened, user: { id: parts.userId, email }, retried: true }
    }
    await this.#revoke(parts)
    return { ok: false, reason: 'reused' }
  }

  async #revoke(parts: Pick<RefreshTokenParts, 'userId' | 'familyId'>): Promise<void> {
    await this.#redis
      .multi()
      .del(keys.family(parts.userId, parts.familyId))
      .srem(keys.families(parts.userId), parts.familyId)
      .exec()
  }
}

/** The token hashes of a family's generations rotated at or after `since` (their retry keys). */
function recentParents(family: Family, since: number): string[] {
  if (!family) return []
  return Object.entries(family).flatMap(([field, child]) => {
    const n = Number(field.startsWith('gen:') ? field.slice(4) : Number.NaN)
    const parent = n >= 1 ? family[gen(n - 1)] : undefined
    return isGeneration(child) && child.at >= since && isGeneration(parent) ? [parent.h] : []
  })
}
