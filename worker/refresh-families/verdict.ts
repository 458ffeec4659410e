import {
  type Generation,
  generationField as gen,
  IDLE_LIFETIME_MS,
  MAX_GENERATION,
  RETRY_GRACE_MS,
} from './refresh-token'

/** A family hash as HMGET answers it (null when the family does not exist). */
export type Family = Record<string, unknown> | null

/** What to do with a presented refresh token. */
export type Verdict =
  | { kind: 'invalid' | 'expired' | 'reused' }
  | { kind: 'current'; email: string; exp: number }
  | { kind: 'parent'; email: string; child: Generation }

/**
 * What the family says about a presented token of generation `g` whose hash is `hash`:
 * - `invalid`: no such family, or not a token of it (a forgery revokes nothing);
 * - `expired`: past the absolute lifetime, idle too long, or too many rotations;
 * - `current`: the latest token, to rotate;
 * - `parent`: rotated into the latest one less than `RETRY_GRACE_MS` ago (a retry);
 * - `reused`: any other rotated token — theft, the family must go.
 *
 * @example
 * judge(await redis.hmget(key, 'exp', 'email', 'gen:3', 'gen:4', 'gen:5'), hash, 3, Date.now())
 */
export function judge(family: Family, hash: string, g: number, now: number): Verdict {
  const exp = family?.exp
  const email = family?.email
  const presented = family?.[gen(g)]
  if (typeof exp !== 'number' || typeof email !== 'string') return { kind: 'invalid' }
  if (!isGeneration(presented) || presented.h !== hash) return { kind: 'invalid' }
  if (now >= exp) return { kind: 'expired' }
  const next = family?.[gen(g + 1)]
  if (!next) {
    const idle = now - presented.at > IDLE_LIFETIME_MS
    return idle || g + 1 > MAX_GENERATION ? { kind: 'expired' } : { kind: 'current', email, exp }
  }
  const isParent = isGeneration(next) && !family?.[gen(g + 2)] && now - next.at <= RETRY_GRACE_MS
  return isParent ? { kind: 'parent', email, child: next } : { kind: 'reused' }
}

export function isGeneration(value: unknown): value is Generation {
  const record = value as Generation | null
  return typeof record?.h === 'string' && typeof record.at === 'number'
}
