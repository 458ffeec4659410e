import type { MiddlewareHandler } from 'hono'
import { type CoreConfig, originUrls, readCoreConfig } from '../config/core'
import { DataClient } from '../data/client'
import { CircuitBreaker } from '../origin-client/breaker'
import { OriginClient } from '../origin-client/client'
import { type CallerLocation, orderRegions } from '../regions/order'
import type { AppEnv } from '../types'

// One origin client per isolate and configuration, so the breaker remembers failures
// across requests the way a long-lived service would.
const originClients = new WeakMap<CoreConfig, OriginClient>()

/** The isolate's origin client for `config`, created on first use. */
export function originClientFor(config: CoreConfig): OriginClient {
  let client = originClients.get(config)
  if (!client) {
    client = new OriginClient({
      urls: originUrls(config),
      accessKeyId: config.EDGE_AWS_ACCESS_KEY_ID,
      secretAccessKey: config.EDGE_AWS_SECRET_ACCESS_KEY,
      timeoutMs: config.ORIGIN_TIMEOUT_MS,
      breaker: new CircuitBreaker({
        threshold: config.BREAKER_FAILURE_THRESHOLD,
        cooldownMs: config.BREAKER_COOLDOWN_MS,
      }),
    })
    originClients.set(config, client)
  }
  return client
}

/**
 * Validates the environment (500 `BAD_ENVIRONMENT` naming what is wrong) and puts the
 * configuration, the region order, the origin client and the data client on the context.
 */
export function services(): MiddlewareHandler<AppEnv> {
  return async function services(c, next) {
    const config = readCoreConfig(c.env)
    c.set('config', config)
    const regions = orderRegions(c.req.raw.cf as CallerLocation | undefined)
    const origin = originClientFor(config)
    c.set('regions', regions)
    c.set('origin', origin)
    c.set(
      'data',
      new DataClient(origin, { regions, requestId: c.get('requestId'), log: c.get('log') }),
    )
    await next()
  }
}
