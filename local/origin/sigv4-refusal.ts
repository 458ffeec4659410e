import type { SigV4FailureReason } from './sigv4'

/**
 * How an AWS front door refuses a request it cannot authenticate: always 403, the
 * exception named in `x-amzn-ErrorType`, the message in a JSON body. The signature family
 * (InvalidSignatureException, UnrecognizedClientException, IncompleteSignatureException)
 * is the same across services; what an unsigned request gets is the service's own.
 */
export type AwsRefusal = {
  status: 403
  type: string
  message: string
  /** Lambda's Function URL front door spells the field `Message`; the services `message`. */
  messageKey?: 'message' | 'Message'
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

/** What a Lambda Function URL with AWS_IAM auth answers an unsigned request. */
export const FUNCTION_URL_UNSIGNED: AwsRefusal = {
  status: 403,
  type: 'AccessDeniedException',
  message:
    'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
  messageKey: 'Message',
}

/** What an AWS service endpoint (Bedrock, say) answers an unsigned request. */
export const SERVICE_UNSIGNED: AwsRefusal = {
  status: 403,
  type: 'MissingAuthenticationTokenException',
  message: 'Missing Authentication Token',
}

/**
 * The refusal AWS gives for a SigV4 failure, in AWS's words (as seen from the real
 * services), e.g. a scope naming `bedrock-runtime` at Bedrock is "Credential should be
 * scoped to correct service: 'bedrock'. ".
 *
 * @example
 * const refusal = awsSignatureRefusal('SIGNATURE_MISMATCH', headers, { service: 'lambda', region, unsigned: FUNCTION_URL_UNSIGNED })
 */
export function awsSignatureRefusal(
  reason: SigV4FailureReason,
  headers: Headers,
  scope: { service: string; region: string; unsigned: AwsRefusal },
): AwsRefusal {
  const invalid = (message: string): AwsRefusal => ({
    status: 403,
    type: 'InvalidSignatureException',
    message,
  })
  switch (reason) {
    case 'MISSING_AUTHORIZATION':
      return scope.unsigned
    case 'UNKNOWN_ACCESS_KEY':
      return {
        status: 403,
        type: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      }
    case 'WRONG_SCOPE':
      return invalid(scopeMessage(headers, scope))
    case 'REQUEST_EXPIRED':
    case 'REQUEST_TOO_EARLY':
      return invalid(
        `Signature expired: ${headers.get('x-amz-date')} is outside the allowed 5 minutes of the server time.`,
      )
    case 'SIGNATURE_MISMATCH':
    case 'PAYLOAD_HASH_MISMATCH':
      return invalid(MISMATCH)
    default:
      return {
        status: 403,
        type: 'IncompleteSignatureException',
        message: `The request signature is incomplete or malformed (${reason}).`,
      }
  }
}

/** The refusal as the HTTP answer AWS sends. */
export function awsRefusalResponse(refusal: AwsRefusal, extraHeaders: HeadersInit = {}): Response {
  return Response.json(
    { [refusal.messageKey ?? 'message']: refusal.message },
    {
      status: refusal.status,
      headers: {
        ...Object.fromEntries(new Headers(extraHeaders)),
        'x-amzn-ErrorType': refusal.type,
        'x-amzn-RequestId': crypto.randomUUID(),
      },
    },
  )
}

/** AWS names the part of the credential scope that is wrong. */
function scopeMessage(headers: Headers, expected: { service: string; region: string }): string {
  const credential = /Credential=([^,]+)/.exec(headers.get('authorization') ?? '')?.[1] ?? ''
  const [, date, scopeRegion, service] = credential.split('/')
  if (service !== expected.service) {
    return `Credential should be scoped to correct service: '${expected.service}'. `
  }
  if (scopeRegion !== expected.region) {
    return `Credential should be scoped to a valid region, not '${scopeRegion}'. `
  }
  return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${headers.get('x-amz-date')?.slice(0, 8)}'.`
}
