import { z } from '@hono/zod-openapi'
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors'

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ description: 'Stable; switch on it.' }),
      message: z.string().openapi({ description: 'For the developer; may change.' }),
      requestId: z.string().openapi({ description: 'Also in `X-Request-Id`; quote it.' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error')

/** One request id for every example, so a reader sees it is the same field everywhere. */
export const EXAMPLE_REQUEST_ID = '0f8e5a52-3c1d-4b7a-9e2f-6d4c8b1a7e35'

// What each code's message reads like, for the examples only (the handlers word their own).
const EXAMPLE_MESSAGES: Record<ErrorCode, string> = {
  BAD_REQUEST: 'The request cannot be served as sent.',
  VALIDATION_FAILED: 'email: must be an email address',
  INVALID_JSON: 'The body is not valid JSON.',
  MISSING_IDEMPOTENCY_KEY:
    'Send an Idempotency-Key header (8–255 characters, e.g. a UUID) so a retry is never charged twice.',
  UNAUTHORIZED: 'Sign in first: send Authorization: Bearer <token>.',
  INVALID_TOKEN: 'The access token is invalid or expired.',
  INVALID_CREDENTIALS: 'The email or password is not right.',
  NO_ASSESSMENTS_LEFT: 'No academic_writing assessments left; buy the module to continue.',
  FORBIDDEN: 'This is not allowed.',
  SIGNATURE_INVALID: 'The signature does not verify.',
  NOT_FOUND: 'No such resource of yours.',
  METHOD_NOT_ALLOWED: 'This path does not take this method.',
  CONFLICT: 'The resource is not in a state that allows this.',
  CONDITION_FAILED: 'The resource changed meanwhile; retry.',
  EMAIL_TAKEN: 'An account with this email already exists.',
  PURCHASE_ALREADY_CLAIMED: 'This purchase was already redeemed by another account.',
  IN_PROGRESS: 'A request with this Idempotency-Key is still running; retry shortly.',
  PAYLOAD_TOO_LARGE: 'The body is larger than 65536 bytes.',
  UNSUPPORTED_MEDIA_TYPE: 'Send Content-Type: application/json.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used with a different request.',
  INVALID_RECEIPT: 'The receipt does not verify.',
  RATE_LIMITED: 'Too many attempts; retry after the Retry-After seconds.',
  DAILY_LIMIT_REACHED: 'Today’s scoring runs are used up; try again tomorrow (UTC).',
  INTERNAL: 'Something went wrong on our side.',
  BAD_ENVIRONMENT: 'The server is misconfigured.',
  UPSTREAM_ERROR: 'A service we depend on did not answer as expected.',
  ASSESSMENT_UNAVAILABLE: 'Scoring is unavailable; you were not charged.',
  STORE_UNAVAILABLE: 'The store could not be reached; retry.',
  ORIGIN_UNAVAILABLE: 'No region could serve this request; retry.',
  SESSION_STORE_UNAVAILABLE: 'Sessions are briefly unavailable; retry.',
}

/** The error body for `code`, as the examples of the document show it. */
export function exampleError(code: ErrorCode, message = EXAMPLE_MESSAGES[code]) {
  return { error: { code, message, requestId: EXAMPLE_REQUEST_ID } }
}

/** The error codes a response description names in backticks, in order. */
function codesIn(description: string): ErrorCode[] {
  const named = [...description.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1] as ErrorCode)
  return [...new Set(named.filter((code) => code in ERROR_STATUS))]
}

/**
 * A JSON error answer for `createRoute`, with an example body for each code the
 * description names in backticks (the description is where a reader looks first).
 *
 * @example
 * 409: errorContent('`EMAIL_TAKEN`')
 */
export function errorContent(description: string) {
  const codes = codesIn(description)
  const examples = Object.fromEntries(
    codes.map((code) => [code, { summary: code, value: exampleError(code) }]),
  )
  return {
    description,
    content: {
      'application/json': { schema: ErrorResponse, ...(codes.length > 0 ? { examples } : {}) },
    },
  }
}

/**
 * A JSON request body for `createRoute`, with the example the document shows.
 *
 * @example
 * request: { body: jsonBody(Login, { email: 'ada@example.com', password: 'correct horse' }) }
 */
export function jsonBody<T extends z.ZodType>(schema: T, example?: z.input<T>) {
  return {
    required: true,
    content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
  }
}

/**
 * A JSON response for `createRoute` with its example.
 *
 * @example
 * 200: jsonResponse('The catalog', Catalog, { modules: [...] })
 */
export function jsonResponse<T extends z.ZodType>(
  description: string,
  schema: T,
  example: z.output<T>,
) {
  return { description, content: { 'application/json': { schema, example } } }
}

/** Answers the body guards give any route that takes JSON (`worker/http/guards.ts`). */
export const jsonBodyErrors = {
  413: errorContent('`PAYLOAD_TOO_LARGE`'),
  415: errorContent('`UNSUPPORTED_MEDIA_TYPE`: send `Content-Type: application/json`'),
} as const

/** No authentication: OpenAPI's empty requirement list, said explicitly. */
export const PUBLIC: Record<string, string[]>[] = []

/** `Authorization: Bearer <access token>`. */
export const BEARER: Record<string, string[]>[] = [{ bearerAuth: [] }]
