import type { Hono, MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { methodNotAllowed as honoMethodNotAllowed } from 'hono/method-not-allowed'
import { ApiError } from '../../shared/errors'
import { errorResponse } from '../../shared/http/error-handler'
import type { AppEnv } from '../types'

/** 413 in the error shape once the body passes the configured size. */
export function bodyLimit(): MiddlewareHandler<AppEnv> {
  // One Hono limiter per configured size, built on first use rather than per request.
  const limiters = new Map<number, MiddlewareHandler>()
  const limiterFor = (maxSize: number) => {
    let limiter = limiters.get(maxSize)
    if (!limiter) {
      limiter = honoBodyLimit({
        maxSize,
        onError: (c) =>
          errorResponse(
            c,
            new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxSize} bytes.`),
          ),
      })
      limiters.set(maxSize, limiter)
    }
    return limiter
  }
  return async function bodyLimit(c, next) {
    if (c.req.raw.body === null) return next()
    return limiterFor(c.get('services').config.core.MAX_BODY_BYTES)(c, next)
  }
}

/** 405 in the error shape, with `Allow`, when the path exists under another method. */
export function methodNotAllowed(app: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  return honoMethodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) => {
      const response = errorResponse(
        c,
        new ApiError(
          'METHOD_NOT_ALLOWED',
          `${c.req.method} is not allowed here; use ${methods.join(', ')}.`,
        ),
      )
      response.headers.set('Allow', methods.join(', '))
      return response
    },
  })
}

/** 415 for a body that is not JSON on the JSON API. */
export function requireJson(): MiddlewareHandler<AppEnv> {
  return async function requireJson(c, next) {
    const hasBody = c.req.header('content-length') !== '0' && c.req.raw.body !== null
    const type = c.req.header('content-type') ?? ''
    if (
      hasBody &&
      ['POST', 'PUT', 'PATCH'].includes(c.req.method) &&
      !/^application\/(.+\+)?json\b/i.test(type)
    ) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.')
    }
    await next()
  }
}
