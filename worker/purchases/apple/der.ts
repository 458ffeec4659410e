/**
 * A strict reader of DER (X.690 Distinguished Encoding Rules), only as much as an X.509
 * certificate walk needs: tag-length-value elements, OIDs, times, booleans and bit strings.
 *
 * Why not pkijs or @peculiar/x509 (measured 2026-11, `wrangler deploy --dry-run --minify`,
 * gzip -9; deltas with esbuild on the same tree): the worker was 127.9 KB before this
 * issue and is ~198 KB with every domain landing now (goal 150 KB, hard budget 250 KB).
 * pkijs (+asn1js) adds ~101 KB — past the hard budget; @peculiar/x509 adds ~55 KB and
 * needs a Reflect polyfill for tsyringe in workerd — at the budget with nothing left;
 * asn1js alone adds ~17 KB for a general BER parser of which this needs a TLV walk. This
 * reader is ~2 KB and strict: it refuses what DER forbids (indefinite or non-minimal
 * lengths, trailing bytes) instead of guessing. Its tests check it against Apple's real
 * root certificate and against chains pkijs builds (pkijs stays in tests and emulators).
 */

export class DerError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DerError'
  }
}

/** One element: `bytes` is the whole TLV (what a signature covers), `value` its contents. */
export type Tlv = {
  tag: number
  bytes: Uint8Array
  value: Uint8Array
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const

/** Context-specific constructed tag `[n]` (e.g. `[0]` version, `[3]` extensions). */
export const contextTag = (n: number) => 0xa0 | n

/**
 * Reads the element starting at `offset`.
 *
 * @example
 * const cert = readTlv(der) // { tag: 0x30, bytes, value }
 */
export function readTlv(input: Uint8Array, offset = 0): Tlv {
  const tag = byteAt(input, offset)
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used in X.509')
  let length = byteAt(input, offset + 1)
  let header = 2
  if (length === 0x80) throw new DerError('indefinite length is not DER')
  if (length > 0x80) {
    const count = length & 0x7f
    if (count > 4) throw new DerError('length too large')
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + byteAt(input, offset + 2 + i)
    if (byteAt(input, offset + 2) === 0 || length < 0x80) throw new DerError('non-minimal length')
    header += count
  }
  const end = offset + header + length
  if (end > input.length) throw new DerError('element runs past the end of its container')
  return {
    tag,
    bytes: input.subarray(offset, end),
    value: input.subarray(offset + header, end),
  }
}

/** Reads a whole buffer as exactly one element (no trailing bytes). */
export function readOnly(input: Uint8Array, tag?: number): Tlv {
  const tlv = readTlv(input)
  if (tlv.bytes.length !== input.length) throw new DerError('trailing bytes after the element')
  if (tag !== undefined) expectTag(tlv, tag)
  return tlv
}

/** The elements inside a constructed element, in order. */
export function children(parent: Tlv): Tlv[] {
  if ((parent.tag & 0x20) === 0) throw new DerError('expected a constructed element')
  const items: Tlv[] = []
  let offset = 0
  while (offset < parent.value.length) {
    const item = readTlv(parent.value, offset)
    items.push(item)
    offset += item.bytes.length
  }
  return items
}

export function expectTag(tlv: Tlv | undefined, tag: number): Tlv {
  if (!tlv) throw new DerError(`missing element (tag 0x${tag.toString(16)})`)
  if (tlv.tag !== tag) {
    throw new DerError(`expected tag 0x${tag.toString(16)}, got 0x${tlv.tag.toString(16)}`)
  }
  return tlv
}

/** Dotted OID text, e.g. `1.2.840.113635.100.6.11.1`. */
export function readOid(tlv: Tlv): string {
  const bytes = expectTag(tlv, TAG.oid).value
  if (bytes.length === 0) throw new DerError('empty OID')
  const arcs: number[] = []
  let arc = 0
  for (const [i, byte] of bytes.entries()) {
    if (arc === 0 && byte === 0x80) throw new DerError('non-minimal OID arc')
    arc = arc * 128 + (byte & 0x7f)
    if (arc > Number.MAX_SAFE_INTEGER / 128) throw new DerError('OID arc too large')
    if (byte & 0x80) {
      if (i === bytes.length - 1) throw new DerError('truncated OID')
      continue
    }
    arcs.push(arc)
    arc = 0
  }
  const first = arcs.shift() as number
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80]
  return [...head, ...arcs].join('.')
}

export function readBoolean(tlv: Tlv): boolean {
  const { value } = expectTag(tlv, TAG.boolean)
  if (value.length !== 1 || (value[0] !== 0 && value[0] !== 0xff)) {
    throw new DerError('DER booleans are one byte, 0x00 or 0xff')
  }
  return value[0] === 0xff
}

/** A bit string's bits as bytes; X.509 keys and signatures have no unused bits. */
export function readBitString(tlv: Tlv, allowUnusedBits = false): Uint8Array {
  const { value } = expectTag(tlv, TAG.bitString)
  const unused = byteAt(value, 0)
  if (unused > 7 || (unused !== 0 && !allowUnusedBits)) throw new DerError('unexpected unused bits')
  return value.subarray(1)
}

/** UTCTime (YYMMDDHHMMSSZ, 1950–2049) or GeneralizedTime (YYYYMMDDHHMMSSZ), as X.509 uses them. */
export function readTime(tlv: Tlv): Date {
  const text = new TextDecoder().decode(tlv.value)
  const pattern = tlv.tag === TAG.utcTime ? /^(\d{2})(\d{10})Z$/ : /^(\d{4})(\d{10})Z$/
  if (tlv.tag !== TAG.utcTime && tlv.tag !== TAG.generalizedTime) {
    throw new DerError('expected a time')
  }
  const match = pattern.exec(text)
  if (!match) throw new DerError('times are UTC to the second, ending in Z')
  const [, yearText, rest] = match as unknown as [string, string, string]
  let year = Number(yearText)
  if (tlv.tag === TAG.utcTime) year += year < 50 ? 2000 : 1900
  const [month, day, hour, minute, second] = (rest.match(/\d{2}/g) ?? []).map(Number)
  const time = Date.UTC(year, (month ?? 0) - 1, day, hour, minute, second)
  if (Number.isNaN(time)) throw new DerError('invalid time')
  return new Date(time)
}

function byteAt(input: Uint8Array, index: number): number {
  const byte = input[index]
  if (byte === undefined) throw new DerError('truncated element')
  return byte
}
