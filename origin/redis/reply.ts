/**
 * How replies are written into JSON. `base64` is what `@upstash/redis` asks for by default
 * (`Upstash-Encoding: base64`): JSON cannot carry arbitrary bytes, and a value that is not
 * valid UTF-8 would otherwise be mangled on the way; the client decodes the bytes back
 * with `TextDecoder`. `utf8` is the plain form for clients that do not send the header.
 */
export type ReplyEncoding = 'base64' | 'utf8'

const OK = Buffer.from('OK')

/** The encoding a request asked for with the `Upstash-Encoding` header. */
export function replyEncoding(header: string | undefined): ReplyEncoding {
  return header?.trim().toLowerCase() === 'base64' ? 'base64' : 'utf8'
}

/**
 * Turns an ioredis reply (read with `callBuffer`, so strings are Buffers) into the JSON
 * value Upstash answers with: integers stay numbers, nil stays null, arrays are encoded
 * element by element, and every string is base64 when asked for — except a top-level
 * `OK`, which Upstash leaves readable and the client's `decode()` passes through as is.
 * (RESP2 status and bulk replies look the same to ioredis, so a bulk "OK" is sent as
 * `OK` too; the client decodes both to "OK", so nothing can tell them apart.)
 *
 * @example
 * encodeReply(Buffer.from('héllo'), 'base64') // 'aMOpbGxv'
 * encodeReply([Buffer.from('a'), 1, null], 'utf8') // ['a', 1, null]
 */
export function encodeReply(reply: unknown, encoding: ReplyEncoding): unknown {
  if (encoding === 'base64' && Buffer.isBuffer(reply) && reply.equals(OK)) return 'OK'
  return encodeValue(reply, encoding)
}

function encodeValue(value: unknown, encoding: ReplyEncoding): unknown {
  if (Buffer.isBuffer(value)) return value.toString(encoding)
  if (typeof value === 'string') return Buffer.from(value).toString(encoding)
  if (Array.isArray(value)) return value.map((element) => encodeValue(element, encoding))
  if (typeof value === 'number' || value === null) return value
  if (value === undefined) return null
  return encodeValue(String(value), encoding)
}
