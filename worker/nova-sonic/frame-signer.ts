import { toHex } from '../lib/bytes'
import { encodeFrame, encodeHeaders, type MessageHeaders } from './event-stream'

/**
 * SigV4 event signing, as the AWS SDK signs each frame it sends on a WebSocket event
 * stream: every payload (an encoded inner frame, or empty for the end-of-stream frame) is
 * wrapped in a frame with headers `:date` (timestamp) and `:chunk-signature` (32 bytes),
 *
 *   string to sign = AWS4-HMAC-SHA256-PAYLOAD \n <amz date of :date> \n <scope> \n
 *                    <previous signature, hex> \n <hex sha256(encoded :date header)> \n
 *                    <hex sha256(payload)>
 *
 * signed with the SigV4 key of the frame's own date, the first one chained from the
 * presigned URL's X-Amz-Signature.
 *
 * Verified against aws-sdk-js-v3 `@aws-sdk/middleware-websocket` (`getEventSigningTransformStream`,
 * `EventStreamPayloadHandler`: the seed is the query's X-Amz-Signature) and `@smithy/signature-v4`
 * (`SignatureV4.signEvent`/`signMessage`: only the non-signature headers are hashed).
 */

export const EVENT_ALGORITHM = 'AWS4-HMAC-SHA256-PAYLOAD'

export type SigningCredentials = { accessKeyId: string; secretAccessKey: string }

export type FrameSignerOptions = {
  credentials: SigningCredentials
  /** The presigned URL's scope: `us-east-1` and `bedrock` for Nova Sonic. */
  region: string
  service: string
  /** X-Amz-Signature of the presigned URL the socket was opened with. */
  seedSignature: string
  now?: () => Date
}

const encoder = new TextEncoder()

/**
 * Signs outgoing payloads in order, each signature chained from the one before. Calls may
 * overlap; frames come out in call order.
 *
 * @example
 * const signer = new FrameSigner({ credentials, region: 'us-east-1', service: 'bedrock', seedSignature })
 * socket.send(await signer.sign(encodeEventChunk({ event: { sessionEnd: {} } })))
 */
export class FrameSigner {
  readonly #options: FrameSignerOptions
  readonly #keys = new Map<string, Promise<CryptoKey>>()
  #priorSignature: string
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: FrameSignerOptions) {
    this.#options = options
    this.#priorSignature = options.seedSignature
  }

  /** The last signature produced (the seed before the first frame). */
  get priorSignature(): string {
    return this.#priorSignature
  }

  /** The signed frame carrying `payload`; an empty payload makes the end-of-stream frame. */
  sign(payload: Uint8Array): Promise<Uint8Array> {
    const next = this.#queue.then(() => this.#signNow(payload))
    this.#queue = next.catch(() => undefined)
    return next
  }

  async #signNow(payload: Uint8Array): Promise<Uint8Array> {
    const date = (this.#options.now ?? (() => new Date()))()
    const dateHeader: MessageHeaders = { ':date': { type: 'timestamp', value: date } }
    const signature = await signEventWith(await this.#signingKey(date), {
      date,
      scope: scopeOf(date, this.#options.region, this.#options.service),
      priorSignature: this.#priorSignature,
      headers: encodeHeaders(dateHeader),
      payload,
    })
    this.#priorSignature = toHex(signature)
    return encodeFrame({
      headers: { ...dateHeader, ':chunk-signature': { type: 'binary', value: signature } },
      body: payload,
    })
  }

  #signingKey(date: Date): Promise<CryptoKey> {
    const day = amzDate(date).slice(0, 8)
    let key = this.#keys.get(day)
    if (!key) {
      const { credentials, region, service } = this.#options
      key = deriveSigningKey(credentials.secretAccessKey, day, region, service)
      this.#keys.clear()
      this.#keys.set(day, key)
    }
    return key
  }
}

type EventToSign = {
  date: Date
  scope: string
  priorSignature: string
  /** The encoded non-signature headers (`:date` alone on a WebSocket stream). */
  headers: Uint8Array
  payload: Uint8Array
}

/**
 * The hex signature of one event (see the file comment) with a secret access key.
 *
 * @example
 * await signEvent('secret', { date, scope: 'yyyymmdd/us-east-1/bedrock/aws4_request',
 *   priorSignature, headers, payload })
 */
export async function signEvent(secret: string, event: EventToSign): Promise<string> {
  const [day, region = '', service = ''] = event.scope.split('/')
  const key = await deriveSigningKey(secret, day ?? '', region, service)
  return toHex(await signEventWith(key, event))
}

async function signEventWith(key: CryptoKey, event: EventToSign): Promise<Uint8Array> {
  const stringToSign = await eventStringToSign(event)
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(stringToSign)))
}

/**
 * The event string to sign (see the file comment).
 *
 * @example
 * await eventStringToSign({ date, scope, priorSignature: '', headers, payload })
 */
export async function eventStringToSign(input: EventToSign): Promise<string> {
  return [
    EVENT_ALGORITHM,
    amzDate(input.date),
    input.scope,
    input.priorSignature,
    await hexSha256(input.headers),
    await hexSha256(input.payload),
  ].join('\n')
}

/** `20000101T000000Z`: SigV4's date format (seconds; milliseconds dropped). */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '')
}

/** `yyyymmdd/region/service/aws4_request` for a date. */
export function scopeOf(date: Date, region: string, service: string): string {
  return [amzDate(date).slice(0, 8), region, service, 'aws4_request'].join('/')
}

async function deriveSigningKey(secret: string, day: string, region: string, service: string) {
  let key: ArrayBuffer = encoder.encode(`AWS4${secret}`).buffer as ArrayBuffer
  for (const part of [day, region, service, 'aws4_request']) key = await hmac(key, part)
  return crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

async function hmac(key: ArrayBuffer, data: string): Promise<ArrayBuffer> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data))
}

async function hexSha256(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))))
}
