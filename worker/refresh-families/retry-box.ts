import { fromBase64Url, toBase64Url } from '../lib/bytes'

const INFO = new TextEncoder().encode('ielts-genai-prep refresh retry v1')
const IV_BYTES = 12

/**
 * Seals the child token for the retry window under a key derived from the parent token
 * (HKDF-SHA256 → AES-256-GCM). Redis never holds a usable token: only whoever presents
 * the parent can open the box, and the parent's holder is exactly who may retry.
 *
 * @example
 * const box = await sealChild(parentToken, childToken)
 * await openChild(parentToken, box) // childToken
 */
export async function sealChild(parentToken: string, childToken: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
  const key = await boxKey(parentToken, ['encrypt'])
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    key,
    new TextEncoder().encode(childToken),
  )
  return `${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`
}

/** The child token, or undefined when the box was not sealed under this parent. */
export async function openChild(parentToken: string, box: string): Promise<string | undefined> {
  const [iv, sealed] = box.split('.')
  if (!iv || !sealed) return undefined
  try {
    const key = await boxKey(parentToken, ['decrypt'])
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(iv) },
      key,
      fromBase64Url(sealed),
    )
    return new TextDecoder().decode(plain)
  } catch {
    return undefined
  }
}

async function boxKey(parentToken: string, usages: ('encrypt' | 'decrypt')[]): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(parentToken),
    'HKDF',
    false,
    ['deriveKey'],
  )
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    usages,
  )
}
