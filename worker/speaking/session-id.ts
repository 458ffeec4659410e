import { toBase64Url } from '../lib/bytes'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A speaking session id: 26 Crockford base32 characters (130 bits of a SHA-256). */
export const SESSION_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/

/**
 * The session of a user's `Idempotency-Key`: derived, not stored, so a replay of the key
 * (while the first request is still in flight, or after) lands on the same Durable Object
 * without a lookup table. Unguessable without both the user id and the key, and scoped to
 * the user (the object checks its owner on every call anyway).
 *
 * @example
 * await speakingSessionId('6f1c…', '0b6c3f7e-…') // 'V3M2C9…' (26 characters)
 */
export async function speakingSessionId(userId: string, idempotencyKey: string): Promise<string> {
  const input = new TextEncoder().encode(`speaking-session\n${userId}\n${idempotencyKey}`)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input))
  return base32(digest).slice(0, 26)
}

/**
 * A stream ticket: 32 random bytes, base64url. Only its SHA-256 is kept (by the session's
 * Durable Object), single use, for 60 seconds.
 *
 * @example
 * const ticket = mintTicket() // 'q3Jx…' (43 characters)
 */
export function mintTicket(
  random: (b: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
) {
  const bytes = random(new Uint8Array(32))
  return toBase64Url(bytes)
}

/** The shape of a ticket, checked before anything is looked up. */
export const TICKET = /^[A-Za-z0-9_-]{43}$/

/** How long a ticket opens the stream. */
export const TICKET_TTL_MS = 60_000

/** The stored form of a ticket: hex SHA-256, so a storage dump cannot open a stream. */
export async function ticketDigest(ticket: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(ticket))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return out
}
