import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import type { Checksum, HttpRequest, SourceData } from '@smithy/types'

/** SHA-256 / HMAC-SHA256 for `@smithy/signature-v4`, over Node's crypto (the SDK's hash-node does the same). */
class NodeSha256 implements Checksum {
  readonly #secret: Buffer | undefined
  #hash: Hash | Hmac

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytes(secret)
    this.#hash = this.#fresh()
  }

  update(data: Uint8Array | string): void {
    this.#hash.update(bytes(data))
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest())
  }

  reset(): void {
    this.#hash = this.#fresh()
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret)
  }
}

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data)
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data)
}

export type SignOptions = {
  credentials: { accessKeyId: string; secretAccessKey: string }
  region: string
  service: string
  signingDate?: Date
}

/**
 * Signs a request for `url` with AWS's own signer (`@smithy/signature-v4`, what every AWS
 * SDK for JavaScript client uses) and returns it as a fetch `Request`. The path and query
 * are signed as they go on the wire, as the SDK's HTTP handlers send them.
 *
 * @example
 * const request = await smithySigned('http://127.0.0.1:8701/data/get', { method: 'POST', body }, { credentials, region: 'us-east-1', service: 'lambda' })
 */
export async function smithySigned(
  url: string,
  init: { method: string; body?: string; headers?: Record<string, string> },
  options: SignOptions,
): Promise<Request> {
  const target = new URL(url)
  const query: Record<string, string | string[]> = {}
  for (const [name, value] of target.searchParams) {
    const seen = query[name]
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value]
  }
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: options.service,
    sha256: NodeSha256,
  })
  const request: HttpRequest = {
    method: init.method,
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    query,
    headers: { host: target.host, ...init.headers },
    body: init.body,
  }
  const signed = await signer.sign(request, { signingDate: options.signingDate })
  const headers = new Headers(signed.headers as Record<string, string>)
  headers.delete('host')
  return new Request(`${target.origin}${target.pathname}${target.search}`, {
    method: init.method,
    headers,
    body: init.body,
  })
}
