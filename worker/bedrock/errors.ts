import { ApiError } from '../../shared/errors'

// Worth another region: throttling, capacity and server-side failures.
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
const FAILOVER_TYPES = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'ServiceQuotaExceededException',
])

/**
 * An error answer from Bedrock: `x-amzn-ErrorType` names the exception (optionally followed
 * by `:` and a namespace URL) and the body is `{"message": "…"}`. The message is kept for
 * tests and debugging, never logged (it can echo request content).
 */
export class BedrockError extends Error {
  readonly type: string
  readonly status: number
  readonly detail: string

  constructor(type: string, status: number, detail: string) {
    super(`Bedrock answered ${status} ${type}`)
    this.name = 'BedrockError'
    this.type = type
    this.status = status
    this.detail = detail
  }

  /** Throttling, capacity, timeouts and 5xx: another region may succeed. */
  get failover(): boolean {
    return FAILOVER_TYPES.has(this.type) || this.status === 429 || this.status >= 500
  }
}

/**
 * Reads Bedrock's error shape from a non-2xx response.
 *
 * @example
 * const error = await parseBedrockError(response) // BedrockError { type: 'ThrottlingException', status: 429 }
 */
export async function parseBedrockError(response: Response): Promise<BedrockError> {
  const text = await response.text().catch(() => '')
  let body: { message?: unknown; Message?: unknown; __type?: unknown } = {}
  try {
    body = text ? JSON.parse(text) : {}
  } catch {}
  const header = response.headers.get('x-amzn-errortype') ?? ''
  const rawType = header || (typeof body.__type === 'string' ? body.__type : '')
  const type = rawType.split(':')[0]?.split('#').pop() || `Http${response.status}`
  const message = body.message ?? body.Message
  return new BedrockError(
    type,
    response.status,
    typeof message === 'string' ? message : text.slice(0, 200),
  )
}

export type ScoringFailure =
  | 'regions_exhausted'
  | 'deadline_exceeded'
  | 'request_rejected'
  | 'invalid_output'

const MESSAGES: Record<ScoringFailure, string> = {
  regions_exhausted: 'The examiner is busy in every region right now. Please try again shortly.',
  deadline_exceeded: 'The examiner took too long to answer. Please try again shortly.',
  request_rejected: 'The examiner could not take this request. Please try again later.',
  invalid_output: 'The examiner returned an unusable result. Please try again.',
}

/**
 * Scoring failed for good (after fail-over and one repair): 502 `ASSESSMENT_UNAVAILABLE`.
 * `reason` is for logs and for the route, which restores the assessment slot.
 */
export class ScoringUnavailableError extends ApiError {
  readonly reason: ScoringFailure

  constructor(reason: ScoringFailure, options: { cause?: unknown } = {}) {
    super('ASSESSMENT_UNAVAILABLE', MESSAGES[reason], {
      cause: options.cause,
      details: { reason },
      headers: reason === 'request_rejected' ? {} : { 'Retry-After': '10' },
    })
    this.reason = reason
  }
}
