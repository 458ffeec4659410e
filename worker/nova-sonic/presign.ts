import { AwsV4Signer } from 'aws4fetch'
import { signingKeys } from '../lib/signing-keys'
import { amzDate, type SigningCredentials } from './frame-signer'

/**
 * The presigned URL that opens Bedrock's WebSocket variant of InvokeModelWithBidirectionalStream.
 *
 * Verified against aws-sdk-js-v3 `@aws-sdk/middleware-websocket`:
 * - `websocketEndpointMiddleware`: method GET, path = the HTTP/2 operation's path +
 *   `-websocket` (`/model/{modelId}/invoke-with-bidirectional-stream-websocket`, model id
 *   URI-encoded), only the `host` header kept, `x-amz-user-agent` moved to a `user-agent`
 *   query parameter;
 * - `WebsocketSignatureV4.sign`: SigV4 query presigning of that request with an empty body
 *   (payload hash = sha256 of ""), `expiresIn: 60`, only `host` signed;
 * - `client-bedrock-runtime` auth scheme: signing name `bedrock`.
 * aws4fetch double-encodes the path for non-S3 services exactly as the SDK does.
 */

export const STREAM_PATH_SUFFIX = '/invoke-with-bidirectional-stream-websocket'
/** The SDK's choice: a presigned WebSocket URL "must be expired within 1 min". */
export const PRESIGN_EXPIRES_SECONDS = 60

export type PresignOptions = {
  /** The URL to sign, query included (e.g. `user-agent`); X-Amz-* parameters are added. */
  url: string
  method?: string
  credentials: SigningCredentials
  region: string
  service: string
  expiresSeconds: number
  now: Date
}

/** A presigned URL and its signature, which seeds the chain of frame signatures. */
export type PresignedUrl = { url: string; signature: string }

/**
 * The Nova Sonic stream URL (unsigned) for an endpoint and model.
 *
 * @example
 * streamUrl('https://bedrock-runtime.us-east-1.amazonaws.com', 'amazon.nova-2-sonic-v1:0')
 * // 'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-2-sonic-v1%3A0/invoke-with-bidirectional-stream-websocket'
 */
export function streamUrl(endpoint: string, modelId: string): string {
  return `${endpoint.replace(/\/+$/, '')}/model/${encodeRfc3986(modelId)}${STREAM_PATH_SUFFIX}`
}

/**
 * Signs a URL by query (SigV4 presigning) with aws4fetch and serialises the query the way
 * the SDK does (RFC 3986, `%20` for a space: a `+` would reach AWS as a literal plus).
 *
 * @example
 * const { url, signature } = await presignUrl({ url: streamUrl(endpoint, model), credentials,
 *   region: 'us-east-1', service: 'bedrock', expiresSeconds: 60, now: new Date() })
 */
export async function presignUrl(options: PresignOptions): Promise<PresignedUrl> {
  if (!Number.isInteger(options.expiresSeconds) || options.expiresSeconds < 1) {
    throw new TypeError('expiresSeconds must be a positive integer')
  }
  const unsigned = new URL(options.url)
  unsigned.searchParams.set('X-Amz-Expires', String(options.expiresSeconds))
  const signer = new AwsV4Signer({
    url: unsigned.toString(),
    method: options.method ?? 'GET',
    accessKeyId: options.credentials.accessKeyId,
    secretAccessKey: options.credentials.secretAccessKey,
    service: options.service,
    region: options.region,
    datetime: amzDate(options.now),
    signQuery: true,
    cache: signingKeys,
  })
  const signed = (await signer.sign()).url
  const signature = signed.searchParams.get('X-Amz-Signature') ?? ''
  const query = [...signed.searchParams]
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
    .join('&')
  return { url: `${signed.origin}${signed.pathname}?${query}`, signature }
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}
