import type { Context } from 'hono'

/**
 * The caller's address bucket as Cloudflare saw it (`CF-Connecting-IP`, which the edge
 * sets and a client cannot forge), for per-address rate limits: see `addressBucket`.
 * `unknown` only outside Cloudflare (tests, `wrangler dev` without a proxy), where every
 * caller then shares one bucket.
 *
 * @example
 * const subject = await pseudonym(clientIp(c)) // '203.0.113.7' or '2001:db8:0:1::/64'
 */
export function clientIp(c: Context): string {
  const header = c.req.header('cf-connecting-ip')?.trim()
  return header ? addressBucket(header) : 'unknown'
}

/**
 * The unit one caller controls: an IPv4 address as it is, an IPv6 address as its /64.
 * An ISP or host hands a single subscriber a /64 (often a /56 or /48), and SLAAC and
 * privacy extensions rotate the low 64 bits at will, so keying on the full IPv6 address
 * would give one caller 2^64 fresh buckets. An IPv4-mapped address (`::ffff:a.b.c.d`)
 * counts as its IPv4 address; anything that is not an IP address comes back unchanged.
 *
 * @example
 * addressBucket('2001:DB8::1:2:3:4') // '2001:db8:0:0::/64'
 * addressBucket('::ffff:192.0.2.1') // '192.0.2.1'
 */
export function addressBucket(address: string): string {
  const groups = ipv6Groups(address)
  if (!groups) return address
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6)
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.')
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

const GROUP = /^[0-9a-f]{1,4}$/i
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

/** The eight 16-bit groups of an IPv6 address (RFC 4291 §2.2 text forms), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  const halves = address.split('::')
  if (halves.length > 2) return undefined
  const parts = halves.map((half) => (half === '' ? [] : half.split(':')))
  const last = parts.at(-1) ?? []
  const tail = last.at(-1)
  if (tail?.includes('.')) {
    const quad = IPV4.exec(tail)?.slice(1).map(Number)
    if (!quad || quad.some((n) => n > 255)) return undefined
    last.splice(
      -1,
      1,
      ((quad[0]! << 8) | quad[1]!).toString(16),
      ((quad[2]! << 8) | quad[3]!).toString(16),
    )
  }
  if (!parts.every((groups) => groups.every((g) => GROUP.test(g)))) return undefined
  const [head = [], rest = []] = parts
  const missing = 8 - head.length - rest.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const zeros: string[] = halves.length === 2 ? Array(missing).fill('0') : []
  return [...head, ...zeros, ...rest].map((g) => Number.parseInt(g, 16))
}
