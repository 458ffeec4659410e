import type { MiddlewareHandler } from 'hono'
import { type CallerLocation, orderRegions } from '../regions/order'
import type { AppEnv } from '../types'
import { servicesFor } from './services'

/**
 * Puts the isolate's services (`worker/services/`), the caller's region order and a data
 * client scoped to this request on the context. Reads no configuration itself: a route
 * that needs a section that does not parse answers 500 `BAD_ENVIRONMENT`, the others run.
 */
export function services(): MiddlewareHandler<AppEnv> {
  return async function services(c, next) {
    const root = servicesFor(c.env)
    const regions = orderRegions(c.req.raw.cf as CallerLocation | undefined)
    c.set('services', root)
    c.set('regions', regions)
    c.set('data', root.data({ regions, requestId: c.get('requestId'), log: c.get('log') }))
    await next()
  }
}
