import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ApiError, type ErrorCode, errorBody } from '../errors'
import { describeError, type Logger } from '../log'

/** Answers an `ApiError` in the error shape with its status and headers. */
export function errorResponse(c: Context, error: ApiError): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? 'unknown'
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

function fromHttpException(error: HTTPException): ApiError | undefined {
  const code = HTTP_EXCEPTION_CODES[error.status]
  if (!code) return undefined
  // Hono's JSON validator throws a 400 "Malformed JSON in request body".
  if (error.status === 400 && /json/i.test(error.message)) {
    return new ApiError('INVALID_JSON', 'The request body is not valid JSON.')
  }
  return new ApiError(code, error.message || 'The request was refused.')
}

/**
 * Turns anything thrown below a route into the error shape. Unknown errors become a
 * generic 500: the log gets the error's name, the caller gets nothing internal.
 */
export const handleError: ErrorHandler = (error, c) => {
  const log = c.get('log') as Logger | undefined
  const known =
    error instanceof ApiError
      ? error
      : error instanceof HTTPException
        ? fromHttpException(error)
        : undefined
  if (known) {
    if (known.status >= 500) log?.error('request failed', { code: known.code })
    return errorResponse(c, known)
  }
  log?.error('unhandled error', { error: describeError(error) })
  return errorResponse(c, new ApiError('INTERNAL', 'Something went wrong on our side.'))
}

export const handleNotFound: NotFoundHandler = (c) =>
  errorResponse(c, new ApiError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`))
