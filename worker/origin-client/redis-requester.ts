import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis'
import { ApiError } from '../../shared/errors'
import type { Logger } from '../../shared/log'
import type { Region } from '../../shared/regions'
import type { OriginClient, OriginReply } from './client'

export type RequesterContext = {
  requestId?: string
  log?: Logger
  /** Told which region answered each command (the first reachable of several). */
  onAnswer?: (region: Region) => void
}

/**
 * The transport `@upstash/redis` uses to reach a region's origin Redis endpoint.
 *
 * Upstash's own transport sends `Authorization: Bearer <token>`, but the origin's
 * Function URL (AWS_IAM) needs that header for the SigV4 signature, so this requester
 * speaks the same REST protocol (`/redis`, `/redis/pipeline`, `/redis/multi-exec`) over
 * the signed origin client.
 *
 * Given one region (sessions: they live in the user's home region) there is no fail-over:
 * an unreachable store is `SESSION_STORE_UNAVAILABLE`. Given several (rate-limit counters,
 * which are approximate by nature) an unreachable region is skipped for the next one, and
 * regions whose circuit is open are tried last. The breaker is read, never fed: a Redis
 * outage is not a table outage.
 *
 * @example
 * const redis = new Redis(originRedisRequester(origin, 'eu-west-1', { requestId, log }))
 */
export function originRedisRequester(
  origin: OriginClient,
  regions: Region | readonly Region[],
  context: RequesterContext = {},
): Requester {
  const candidates = typeof regions === 'string' ? [regions] : regions
  return {
    async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const path = ['/redis', ...(req.path ?? [])].join('/')
      let reply: OriginReply<UpstashResponse<TResult>> | undefined
      for (const region of healthyFirst(origin, candidates)) {
        const attempt = await origin.send<UpstashResponse<TResult>>(region, path, {
          body: req.body,
          requestId: context.requestId,
        })
        if (attempt.ok) {
          reply = attempt.reply
          context.onAnswer?.(region)
          break
        }
        context.log?.warn('session store unreachable', { region, reason: attempt.reason })
      }
      if (!reply) {
        throw new ApiError(
          'SESSION_STORE_UNAVAILABLE',
          'Sign-in is temporarily unavailable. Please retry shortly.',
          { headers: { 'Retry-After': '5' } },
        )
      }
      const { region, status, body } = reply
      if (status === 400 && body && typeof body === 'object') return body
      if (status >= 300) {
        context.log?.error('session store refused request', { region, status })
        throw new ApiError('INTERNAL', 'Something went wrong on our side.')
      }
      return body
    },
  }
}

/** `regions` in order, those whose circuit is open moved to the end. */
function healthyFirst(origin: OriginClient, regions: readonly Region[]): Region[] {
  if (regions.length < 2) return [...regions]
  const open = (region: Region) => origin.breaker.state(region) === 'open'
  return [...regions.filter((r) => !open(r)), ...regions.filter(open)]
}
