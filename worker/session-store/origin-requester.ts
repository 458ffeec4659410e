import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis'
import { ApiError } from '../../shared/errors'
import type { Logger } from '../../shared/log'
import type { OriginClient } from '../origin-client/client'
import type { Region } from '../regions/regions'

/**
 * The transport `@upstash/redis` uses to reach a region's origin Redis endpoint.
 *
 * Upstash's own transport sends `Authorization: Bearer <token>`, but the origin's
 * Function URL (AWS_IAM) needs that header for the SigV4 signature, so this requester
 * speaks the same REST protocol (`/redis`, `/redis/pipeline`, `/redis/multi-exec`) over
 * the signed origin client. Sessions live in one region — the user's home — so there is
 * no fail-over here: an unreachable store is `SESSION_STORE_UNAVAILABLE`, and the data
 * API's circuit breaker is left alone (a Redis outage is not a table outage).
 *
 * @example
 * const redis = new Redis(originRedisRequester(origin, 'eu-west-1', { requestId, log }))
 */
export function originRedisRequester(
  origin: OriginClient,
  region: Region,
  context: { requestId?: string; log?: Logger } = {},
): Requester {
  return {
    async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const path = ['/redis', ...(req.path ?? [])].join('/')
      const attempt = await origin.send<UpstashResponse<TResult>>(region, path, {
        body: req.body,
        requestId: context.requestId,
      })
      if (!attempt.ok) {
        context.log?.warn('session store unreachable', { region, reason: attempt.reason })
        throw new ApiError(
          'SESSION_STORE_UNAVAILABLE',
          'Sign-in is temporarily unavailable. Please retry shortly.',
          { headers: { 'Retry-After': '5' } },
        )
      }
      const { status, body } = attempt.reply
      if (status === 400 && body && typeof body === 'object') return body
      if (status >= 300) {
        context.log?.error('session store refused request', { region, status })
        throw new ApiError('INTERNAL', 'Something went wrong on our side.')
      }
      return body
    },
  }
}
