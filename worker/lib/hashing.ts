import { toBase64Url, toHex } from './bytes'

/** SHA-256 of a UTF-8 string. */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
}

/** SHA-256 as lower-case hex (Apple's nonce form). */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await sha256(text))
}

/**
 * A short, stable pseudonym for a value that must not appear in a Redis key in clear
 * (an email, an IP address): 128 bits of its SHA-256, base64url.
 *
 * @example
 * await pseudonym('ada@example.com') // 'W6ph5Mm5Pz8GgiULbPgzGw'
 */
export async function pseudonym(text: string): Promise<string> {
  return toBase64Url((await sha256(text)).slice(0, 16))
}
