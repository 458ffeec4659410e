import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ApiError, type ErrorCode, errorBody } from '../../shared/errors'
import { describeError } from '../lib/log'
import type { AppEnv } from '../types'

/** Answers an `ApiError` in the error shape with its status and headers. */
export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const requestId = c.get('requestId') ?? 'unknown'
  return c.json(
    errorBody(error.code, error.message, requestId, error.details),
    error.status as ContentfulStatusCode,
    error.headers,
  )
}

const HTTP_EXCEPTION_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
}

/**
 * Turns anything thrown below a route into the error shape. Unknown errors become a
 * generic 500: the log gets the error's name, the caller gets nothing internal.
 */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) {
    if (error.status >= 500) c.var.log?.error('request failed', { code: error.code })
    return errorResponse(c, error)
  }
  if (error instanceof HTTPException && HTTP_EXCEPTION_CODES[error.status]) {
    const code = HTTP_EXCEPTION_CODES[error.status] as ErrorCode
    const message = /json/i.test(error.message)
      ? 'The request body is not valid JSON.'
      : error.message || 'The request was refused.'
    return errorResponse(
      c,
      new ApiError(/json/i.test(error.message) ? 'INVALID_JSON' : code, message),
    )
  }
  c.var.log?.error('unhandled error', { error: describeError(error) })
  return errorResponse(c, new ApiError('INTERNAL', 'Something went wrong on our side.'))
}

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, new ApiError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`))
