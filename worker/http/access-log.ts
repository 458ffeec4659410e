import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { AppEnv } from '../types'

/**
 * Writes one JSON line per request: id, method, matched route (the pattern, never the
 * raw path, so ids and query strings stay out of the logs), status, duration and region.
 */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now()
    await next()
    const route = routePath(c, -1)
    const cf = c.req.raw.cf as { colo?: string } | undefined
    c.var.log.info('request', {
      method: c.req.method,
      route: route && route !== '/*' && route !== '*' ? route : 'unmatched',
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      region: c.var.regions?.[0] ?? null,
      colo: cf?.colo ?? null,
    })
  }
}
