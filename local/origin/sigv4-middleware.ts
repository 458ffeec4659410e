import type { MiddlewareHandler } from 'hono'
import {
  type SigV4FailureReason,
  type SigV4Request,
  type SigV4VerifyOptions,
  verifySigV4,
} from './sigv4'
import { type AwsRefusal, awsRefusalResponse, awsSignatureRefusal } from './sigv4-refusal'

const BEARER = /^Bearer\s/i

/** What the middleware puts on the context: the access key id the request was signed with. */
export type SigV4AuthEnv = { Variables: { callerAccessKeyId: string } }

export type SigV4AuthOptions = SigV4VerifyOptions & {
  /** What an unsigned request gets: the front door's own answer (a Function URL's here). */
  unsigned: AwsRefusal
  /** Paths served without a signature, e.g. `/health`. */
  exempt?: (path: string) => boolean
  /** Paths where a `Bearer` request is passed on unverified, for the route to check. */
  allowBearer?: (path: string) => boolean
}

/** Which check refused a request, for whoever debugs it locally (AWS never says). */
export const REFUSAL_REASON_HEADER = 'x-local-sigv4-reason'

const FAILURE_MESSAGES: Record<SigV4FailureReason, string> = {
  MISSING_AUTHORIZATION: 'The request is not signed with AWS Signature Version 4.',
  UNSUPPORTED_ALGORITHM: 'The Authorization header must use AWS4-HMAC-SHA256.',
  MALFORMED_AUTHORIZATION: 'The Authorization header is not a well-formed SigV4 header.',
  MISSING_DATE: 'The X-Amz-Date header is missing.',
  INVALID_DATE: 'The X-Amz-Date header is not a timestamp like 20150830T123600Z.',
  WRONG_SCOPE: "The credential scope does not name this origin's date, region and service.",
  HOST_NOT_SIGNED: 'The host header must be among the signed headers.',
  DATE_NOT_SIGNED: 'The x-amz-date header must be among the signed headers.',
  REQUEST_EXPIRED: 'The request was signed too long ago; sign it again.',
  REQUEST_TOO_EARLY: 'The request is signed for a time too far in the future; check the clock.',
  UNKNOWN_ACCESS_KEY: 'The access key id is not known to this origin.',
  PAYLOAD_HASH_MISMATCH: 'X-Amz-Content-Sha256 does not match the request body.',
  SIGNATURE_MISMATCH: 'The request signature does not match the request.',
}

/**
 * Refuses requests to the origin's local Node server that AWS_IAM auth on the Lambda
 * Function URL would refuse, so local runs enforce what production enforces, and answers
 * them as the Function URL does: 403 with the AWS exception in `x-amzn-ErrorType`
 * (`InvalidSignatureException`, `UnrecognizedClientException`, …, `unsigned` for none) and
 * AWS's message — never a 5xx, which the worker would take for an outage and fail over
 * on. The check that failed is named in the local-only `x-local-sigv4-reason` header.
 * An accepted request carries `callerAccessKeyId`. The body is read
 * from a clone, so routes read it as usual; mount it before anything that reads the body.
 * It answers by itself: no error handler is needed for a refusal to be a 403.
 *
 * @example
 * app.use(
 *   sigv4Auth({
 *     service: 'lambda',
 *     region: 'eu-west-1',
 *     secretFor: (id) => edgeKeys.get(id),
 *     unsigned: FUNCTION_URL_UNSIGNED,
 *     exempt: (path) => path === '/health',
 *   }),
 * )
 */
export function sigv4Auth(options: SigV4AuthOptions): MiddlewareHandler<SigV4AuthEnv> {
  return async function sigv4Auth(c, next) {
    const path = c.req.path
    // Upstash REST clients authenticate with `Authorization: Bearer <token>` and cannot
    // sign; the Redis REST routes check that token themselves (Upstash wire compatibility).
    // In AWS the Function URL refuses such a request before the function runs.
    const bearer = BEARER.test(c.req.header('authorization') ?? '')
    if (options.exempt?.(path) || (bearer && options.allowBearer?.(path))) {
      await next()
      return
    }
    const request = await toSigV4Request(c.req.raw)
    const result = await verifySigV4(request, options)
    if (!result.ok) {
      const refusal = awsSignatureRefusal(result.reason, request.headers, options)
      return awsRefusalResponse(refusal, {
        [REFUSAL_REASON_HEADER]: `${result.reason}: ${FAILURE_MESSAGES[result.reason]}`,
      })
    }
    c.set('callerAccessKeyId', result.accessKeyId)
    await next()
  }
}

/**
 * The request as the signature covers it. The body comes from a clone so that the route can
 * still read `c.req` and `c.req.raw`; `host` falls back to the URL's host when the client
 * sent none (HTTP/2 `:authority`, `app.request()` in tests), the value Node built the URL from.
 */
async function toSigV4Request(request: Request): Promise<SigV4Request> {
  const headers = new Headers(request.headers)
  if (!headers.has('host')) headers.set('host', new URL(request.url).host)
  const body = new Uint8Array(await request.clone().arrayBuffer())
  return { method: request.method, url: request.url, headers, body }
}
