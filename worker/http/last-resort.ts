import { errorBody } from '../../shared/errors'
import { createLogger, describeError } from '../../shared/log'

type Fetch = (
  request: Request,
  env: Record<string, unknown>,
  ctx: ExecutionContext,
) => Response | Promise<Response>

/**
 * `fetch` with a last line of defence: an exception that escapes Hono (its error handler
 * included) would otherwise reach the runtime, and `wrangler dev` answers those with a
 * page holding the stack trace and local file paths. This answers the generic 500 in the
 * error shape and logs only the error's description.
 */
export function lastResort(fetch: Fetch): Fetch {
  return async function fetchSafely(request, env, ctx) {
    try {
      return await fetch(request, env, ctx)
    } catch (error) {
      const requestId = crypto.randomUUID()
      createLogger({ requestId }).error('unhandled error', { error: describeError(error) })
      return Response.json(errorBody('INTERNAL', 'Something went wrong on our side.', requestId), {
        status: 500,
        headers: { 'X-Request-Id': requestId },
      })
    }
  }
}
