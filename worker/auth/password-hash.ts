/**
 * Password hashing: PBKDF2-SHA256 over an HMAC-SHA256 of the password keyed with a
 * server-side pepper (`PASSWORD_PEPPER`), stored as a versioned string:
 *
 *   pbkdf2-sha256$v1$100000$<salt, base64url>$<hash, base64url>
 *
 * `v1` names the scheme (pepper-then-PBKDF2); parameters live in the string so they can
 * be raised later: `needsRehash` tells login to store a fresh hash.
 *
 * workerd in production refuses PBKDF2 above 100,000 iterations while local workerd does
 * not, so `derive` refuses more itself: no code path can ask for more.
 */
import { fromBase64Url, toBase64Url } from '../lib/bytes'

export const PBKDF2_MAX_ITERATIONS = 100_000
export const PASSWORD_SCHEME = { name: 'pbkdf2-sha256', version: 'v1' } as const
export const CURRENT_ITERATIONS = 100_000
const SALT_BYTES = 16
const HASH_BITS = 256

type Parsed = { version: string; iterations: number; salt: Uint8Array; hash: Uint8Array }

/**
 * A verification target for accounts that do not exist (or have no password): the same
 * PBKDF2 work as a real check, so "no such user" and "wrong password" look alike.
 */
export const DUMMY_PASSWORD_HASH =
  'pbkdf2-sha256$v1$100000$3q2-7wAAAAAAAAAAAAAAAA$IU2yGmYV3l-0q8QjP9o6aGQ9b3p0Y9o8yvJ8xW3Lk2E'

/**
 * @example
 * const stored = await hashPassword('correct horse battery staple', env.PASSWORD_PEPPER)
 */
export async function hashPassword(
  password: string,
  pepper: string,
  options: { iterations?: number } = {},
): Promise<string> {
  const iterations = options.iterations ?? CURRENT_ITERATIONS
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const hash = await derive(await peppered(password, pepper), salt, iterations)
  const { name, version } = PASSWORD_SCHEME
  return [name, version, iterations, toBase64Url(salt), toBase64Url(hash)].join('$')
}

/**
 * Whether `password` matches `stored`, compared in constant time. A malformed `stored`
 * (or one asking for more than the cap) is checked against the dummy hash and fails.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  pepper: string,
): Promise<boolean> {
  const parsed = parseHash(stored)
  const target = parsed ?? parseHash(DUMMY_PASSWORD_HASH)!
  const candidate = await derive(await peppered(password, pepper), target.salt, target.iterations)
  return constantTimeEqual(candidate, target.hash) && parsed !== undefined
}

/** Whether `stored` was made with older parameters than today's (rehash on next login). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored)
  return (
    !parsed ||
    parsed.version !== PASSWORD_SCHEME.version ||
    parsed.iterations < CURRENT_ITERATIONS ||
    parsed.salt.length < SALT_BYTES
  )
}

function parseHash(stored: string): Parsed | undefined {
  const [name, version, rounds, salt, hash, extra] = stored.split('$')
  if (name !== PASSWORD_SCHEME.name || !version || !rounds || !salt || !hash || extra) return
  const iterations = Number(rounds)
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) return
  try {
    return { version, iterations, salt: fromBase64Url(salt), hash: fromBase64Url(hash) }
  } catch {
    return undefined
  }
}

async function derive(material: ArrayBuffer, salt: Uint8Array, iterations: number) {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) {
    throw new RangeError(
      `refusing PBKDF2 with ${iterations} iterations (cap ${PBKDF2_MAX_ITERATIONS})`,
    )
  }
  const key = await crypto.subtle.importKey('raw', material, 'PBKDF2', false, ['deriveBits'])
  const params = { name: 'PBKDF2', hash: 'SHA-256', salt, iterations }
  return new Uint8Array(await crypto.subtle.deriveBits(params, key, HASH_BITS))
}

const pepperKeys = new Map<string, Promise<CryptoKey>>()

/**
 * HMAC-SHA256(pepper, NFKC(password)): a stolen table alone cannot be brute-forced, and
 * the same password typed on two keyboards (composed or decomposed accents) matches.
 */
async function peppered(password: string, pepper: string): Promise<ArrayBuffer> {
  let key = pepperKeys.get(pepper)
  if (!key) {
    const raw = new TextEncoder().encode(pepper)
    key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    pepperKeys.set(pepper, key)
  }
  return crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(password.normalize('NFKC')))
}

/** Compares every byte whatever the first difference, so timing does not reveal it. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!
  return difference === 0
}
