import { REGIONS, type Region } from '../../shared/regions'
import { toBase64Url } from '../lib/bytes'
import { sha256 } from '../lib/hashing'

/**
 * Refresh tokens: `rt1.<region>.<user id>.<family id>.<generation>.<secret>`.
 *
 * Opaque to clients; the parts route the token to its home region's Redis and name the
 * keys it lives under, and only the 256-bit random `secret` makes it valid. Redis holds
 * nothing but the SHA-256 of the whole token.
 */
export type RefreshTokenParts = {
  region: Region
  userId: string
  familyId: string
  generation: number
}

const FORMAT =
  /^rt1\.([0-9])\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(f[A-Za-z0-9_-]{22})\.(0|[1-9][0-9]{0,5})\.[A-Za-z0-9_-]{43}$/

/** Absolute lifetime of a session (a family): sign in again after 30 days. */
export const FAMILY_LIFETIME_MS = 30 * 24 * 3600_000
/** Idle lifetime: a family not refreshed for 7 days ends. */
export const IDLE_LIFETIME_MS = 7 * 24 * 3600_000
/** The immediate parent may be retried this long after its rotation and gets the same child. */
export const RETRY_GRACE_MS = 10_000
/** More rotations than 30 days of 15-minute tokens allow; bounds a family's size in Redis. */
export const MAX_GENERATION = 5_000

/**
 * @example
 * parseRefreshToken(token) // { region: 'eu-west-1', userId, familyId: 'f…', generation: 3 }
 */
export function parseRefreshToken(token: string): RefreshTokenParts | undefined {
  const match = FORMAT.exec(token)
  const region = match ? REGIONS[Number(match[1])] : undefined
  if (!match || !region) return undefined
  return { region, userId: match[2]!, familyId: match[3]!, generation: Number(match[4]) }
}

/** A new token for `parts`, with a fresh 256-bit secret. */
export function formatRefreshToken(parts: RefreshTokenParts): string {
  const secret = toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
  const region = REGIONS.indexOf(parts.region)
  return `rt1.${region}.${parts.userId}.${parts.familyId}.${parts.generation}.${secret}`
}

/** A new family id: 128 random bits (the leading `f` keeps it from ever reading as JSON). */
export function newFamilyId(): string {
  return `f${toBase64Url(crypto.getRandomValues(new Uint8Array(16)))}`
}

/** What Redis stores in place of the token. */
export async function refreshTokenHash(token: string): Promise<string> {
  return toBase64Url(await sha256(token))
}

/**
 * Redis keys of one user's sessions. All share the hash tag `{u:<id>}`, so they live in
 * one cluster slot and MULTI can span them (ElastiCache Serverless runs in cluster mode).
 */
export const familyKeys = {
  family: (userId: string, familyId: string) => `{u:${userId}}:family:${familyId}`,
  /** The child of a rotated token, sealed under the parent, for the retry window. */
  retry: (userId: string, parentHash: string) => `{u:${userId}}:retry:${parentHash}`,
  families: (userId: string) => `{u:${userId}}:families`,
  /** Set while an account is being erased: no new family may start. */
  erased: (userId: string) => `{u:${userId}}:erased`,
}

/** The field of a family hash holding generation `n`'s token hash and issue time. */
export const generationField = (n: number) => `gen:${n}`

/** A generation's record in the family hash. */
export type Generation = { h: string; at: number }
