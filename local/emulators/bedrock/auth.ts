import { verifySigV4 } from '../../origin/sigv4'
import { awsSignatureRefusal, SERVICE_UNSIGNED } from '../../origin/sigv4-refusal'

export type BedrockErrorShape = { status: number; type: string; message: string }

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
  const { status, type, message } = awsSignatureRefusal(result.reason, headers, {
    service: 'bedrock',
    region: options.region,
    unsigned: SERVICE_UNSIGNED,
  })
  return { status, type, message }
}
