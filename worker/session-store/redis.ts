import { Redis } from '@upstash/redis'
import type { Logger } from '../../shared/log'
import type { OriginClient } from '../origin-client/client'
import type { Region } from '../regions/regions'
import { originRedisRequester } from './origin-requester'

/**
 * A `@upstash/redis` client for one region's Redis, through that region's origin.
 * Cheap to build (no connection of its own): make one per request and region.
 *
 * @example
 * const redis = regionRedis(c.get('origin'), user.homeRegion, { requestId, log })
 */
export function regionRedis(
  origin: OriginClient,
  region: Region,
  context: { requestId?: string; log?: Logger } = {},
): Redis {
  return new Redis(originRedisRequester(origin, region, context))
}
