import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'

const BEARER = /^Bearer +(\S+) *$/i

/**
 * Requires `Authorization: Bearer <token>`, the way Upstash authenticates its REST API.
 * Both sides are hashed first so the comparison takes the same time whatever the length
 * or content of the offered token. A refusal is a 401 with Upstash's `{ error }` body,
 * which `@upstash/redis` turns into an `UpstashError`. Upstash's `?_token=` query form is
 * deliberately not accepted: URLs end up in access logs.
 *
 * @example
 * app.use('*', bearerToken(process.env.ORIGIN_REDIS_TOKEN!))
 */
export function bearerToken(token: string): MiddlewareHandler {
  const expected = digest(token)
  return async function bearerToken(c, next) {
    const offered = BEARER.exec(c.req.header('Authorization') ?? '')?.[1]
    if (offered === undefined || !timingSafeEqual(digest(offered), expected)) {
      c.header('WWW-Authenticate', 'Bearer')
      return c.json({ error: 'Unauthorized: missing or invalid bearer token' }, 401)
    }
    await next()
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}
