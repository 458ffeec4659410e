import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/**
 * Refuses bodies over `maxBytes` with 413 and Upstash's `{ error }` body. Hono's
 * `bodyLimit` counts the bytes as they stream in, but it reads the raw stream, which is
 * gone when an outer layer (the local SigV4 check hashes the body) already read it; the
 * body is then buffered by Hono, so measuring the buffered copy is as good.
 *
 * @example
 * app.use('*', limitBody(1024 * 1024))
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context) =>
    c.json({ error: `ERR request body is larger than ${maxBytes} bytes` }, 413)
  const streaming = bodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return async function limitBody(c, next) {
    if (!c.req.raw.bodyUsed) return streaming(c, next)
    const buffered = await c.req.arrayBuffer()
    if (buffered.byteLength > maxBytes) return tooLarge(c)
    await next()
  }
}
