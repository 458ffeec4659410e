import { Redis } from '@upstash/redis'
import type { Region } from '../../shared/regions'
import type { OriginClient } from './client'
import { originRedisRequester, type RequesterContext } from './redis-requester'

/**
 * A `@upstash/redis` client for one region's Redis, through that region's origin — or,
 * given several regions, the first of them that answers (see `originRedisRequester`).
 * Cheap to build (no connection of its own): make one per request and region.
 *
 * @example
 * const redis = regionRedis(c.get('origin'), user.homeRegion, { requestId, log })
 */
export function regionRedis(
  origin: OriginClient,
  regions: Region | readonly Region[],
  context: RequesterContext = {},
): Redis {
  return new Redis(originRedisRequester(origin, regions, context))
}
