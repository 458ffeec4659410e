import type { MiddlewareHandler } from 'hono'
import { createLogger } from '../log'
import type { RequestEnv } from './context'

const HEADER = 'X-Request-Id'
const ACCEPTED = /^[A-Za-z0-9._:-]{8,128}$/

/**
 * Accepts the caller's `X-Request-Id` when it is a plain token of 8–128 characters,
 * otherwise generates one; echoes it back and gives every later log line the same id.
 *
 * @example
 * app.use(requestId({ service: 'origin', region: 'eu-west-1' }))
 */
export function requestId(logFields: Record<string, string> = {}): MiddlewareHandler<RequestEnv> {
  return async function requestId(c, next) {
    const offered = c.req.header(HEADER)
    const id = offered && ACCEPTED.test(offered) ? offered : crypto.randomUUID()
    c.set('requestId', id)
    c.set('log', createLogger({ ...logFields, requestId: id }))
    await next()
    c.header(HEADER, id)
  }
}
