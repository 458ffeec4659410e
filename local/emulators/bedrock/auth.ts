import { type SigV4FailureReason, verifySigV4 } from '../../origin/sigv4'

export type BedrockErrorShape = { status: number; type: string; message: string }

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

/**
 * Verifies a request's SigV4 signature as Bedrock does: service `bedrock`, the region of the
 * endpoint it reached, the payload hash, the edge's key. A refusal carries Bedrock's own
 * error type and message (as seen from the real service), e.g. a scope naming
 * `bedrock-runtime` is "Credential should be scoped to correct service: 'bedrock'. ".
 *
 * @example
 * const refusal = await checkSignature(request, body, { region: 'eu-west-1', credentials })
 * if (refusal) return bedrockErrorResponse(refusal)
 */
export async function checkSignature(
  request: Request,
  body: Uint8Array,
  options: {
    region: string
    credentials: { accessKeyId: string; secretAccessKey: string }
    now?: () => Date
  },
): Promise<BedrockErrorShape | null> {
  const headers = new Headers(request.headers)
  if (!headers.has('host')) headers.set('host', new URL(request.url).host)
  const { accessKeyId, secretAccessKey } = options.credentials
  const result = await verifySigV4(
    { method: request.method, url: request.url, headers, body },
    {
      service: 'bedrock',
      region: options.region,
      secretFor: (id) => (id === accessKeyId ? secretAccessKey : undefined),
      now: options.now,
    },
  )
  if (result.ok) return null
  return refusal(result.reason, headers, options.region)
}

function refusal(reason: SigV4FailureReason, headers: Headers, region: string): BedrockErrorShape {
  const invalid = (message: string) => ({ status: 403, type: 'InvalidSignatureException', message })
  switch (reason) {
    case 'MISSING_AUTHORIZATION':
      return {
        status: 403,
        type: 'MissingAuthenticationTokenException',
        message: 'Missing Authentication Token',
      }
    case 'UNKNOWN_ACCESS_KEY':
      return {
        status: 403,
        type: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      }
    case 'WRONG_SCOPE':
      return invalid(scopeMessage(headers, region))
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

/** Bedrock names the part of the credential scope that is wrong. */
function scopeMessage(headers: Headers, region: string): string {
  const credential = /Credential=([^,]+)/.exec(headers.get('authorization') ?? '')?.[1] ?? ''
  const [, date, scopeRegion, service] = credential.split('/')
  if (service !== 'bedrock') return "Credential should be scoped to correct service: 'bedrock'. "
  if (scopeRegion !== region)
    return `Credential should be scoped to a valid region, not '${scopeRegion}'. `
  return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${headers.get('x-amz-date')?.slice(0, 8)}'.`
}
