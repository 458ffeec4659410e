import type { components } from './schema'

/** The API's closed set of error codes (`shared/errors.ts` on the server). */
export type ErrorCode = components['schemas']['Error']['error']['code']

/** The error body every failed request answers: `{ "error": { code, message, requestId } }`. */
export type ErrorBody = components['schemas']['Error']

/**
 * A request the API refused or could not serve. Switch on `code` (stable), show `message`
 * to developers only, quote `requestId` in a bug report. An answer that is not the error
 * shape (a proxy's HTML page, a cut connection's empty body) has `code`
 * `UNEXPECTED_RESPONSE`.
 *
 * @example
 * try { await ielts.login(credentials) } catch (error) {
 *   if (error instanceof IeltsApiError && error.code === 'INVALID_CREDENTIALS') showWrongPassword()
 * }
 */
export class IeltsApiError extends Error {
  readonly status: number
  readonly code: ErrorCode | 'UNEXPECTED_RESPONSE'
  readonly requestId: string | null
  readonly details: unknown
  /** Seconds the server asked to wait (`Retry-After`), when it did. */
  readonly retryAfter: number | null

  constructor(response: Response, body: unknown) {
    const error = isErrorBody(body) ? body.error : undefined
    super(error?.message ?? `Unexpected ${response.status} answer from the API.`)
    this.name = 'IeltsApiError'
    this.status = response.status
    this.code = error?.code ?? 'UNEXPECTED_RESPONSE'
    this.requestId = error?.requestId ?? response.headers.get('x-request-id')
    this.details = error?.details
    const retryAfter = Number(response.headers.get('retry-after'))
    this.retryAfter = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null
  }
}

/** Whether `body` has the API's error shape. */
export function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false
  const error = (body as { error: unknown }).error
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}
