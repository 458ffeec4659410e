import type { Context } from 'hono'

/**
 * The caller's address as Cloudflare saw it (`CF-Connecting-IP`, which the edge sets and
 * a client cannot forge); `unknown` only outside Cloudflare (tests, `wrangler dev` without
 * a proxy), where every caller then shares one bucket.
 */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip')?.trim() || 'unknown'
}
