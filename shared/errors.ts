/**
 * Shared by the worker and the origin: one error type, one error shape.
 *
 * The closed set of error codes the API answers with, and the HTTP status of each.
 * Mobile clients switch on `code`; `message` is for the developer reading the log.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  MISSING_IDEMPOTENCY_KEY: 400,
  UNAUTHORIZED: 401,
  INVALID_TOKEN: 401,
  INVALID_CREDENTIALS: 401,
  NO_ASSESSMENTS_LEFT: 402,
  FORBIDDEN: 403,
  SIGNATURE_INVALID: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  CONDITION_FAILED: 409,
  EMAIL_TAKEN: 409,
  PURCHASE_ALREADY_CLAIMED: 409,
  IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  INVALID_RECEIPT: 422,
  RATE_LIMITED: 429,
  DAILY_LIMIT_REACHED: 429,
  INTERNAL: 500,
  BAD_ENVIRONMENT: 500,
  UPSTREAM_ERROR: 502,
  ASSESSMENT_UNAVAILABLE: 502,
  STORE_UNAVAILABLE: 502,
  ORIGIN_UNAVAILABLE: 503,
  SESSION_STORE_UNAVAILABLE: 503,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode]

/** The body of every error answer, worker and origin alike. */
export type ErrorBody = {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown }
}

/**
 * The one error type of the API. Throw it anywhere below a route; the error handler
 * turns it into the error shape with the status that belongs to its code.
 *
 * @example
 * throw new ApiError('NOT_FOUND', 'No assessment with this id.')
 */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly status: ErrorStatus
  readonly details: unknown
  readonly headers: Record<string, string>

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'ApiError'
    this.code = code
    this.status = ERROR_STATUS[code]
    this.details = options.details
    this.headers = options.headers ?? {}
  }
}

/** Builds the error body; `details` is only included when given. */
export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: unknown,
): ErrorBody {
  return {
    error: { code, message, requestId, ...(details === undefined ? {} : { details }) },
  }
}
