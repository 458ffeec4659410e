import type { Context, MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { LogFields } from '../log'
import type { RequestEnv } from './context'

/**
 * Writes one JSON line per request: id, method, matched route (the pattern, never the
 * raw path, so ids and query strings stay out of the logs), status and duration, plus
 * whatever `extra(c)` adds (the worker adds the caller's nearest region and colo).
 */
export function accessLog<E extends RequestEnv>(
  extra: (c: Context<E>) => LogFields = () => ({}),
): MiddlewareHandler<E> {
  return async function accessLog(c, next) {
    const started = performance.now()
    await next()
    const route = routePath(c, -1)
    c.get('log').info('request', {
      method: c.req.method,
      route: route && route !== '/*' && route !== '*' ? route : 'unmatched',
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...extra(c),
    })
  }
}
