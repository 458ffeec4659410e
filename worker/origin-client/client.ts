import { AwsClient } from 'aws4fetch'
import { ApiError } from '../../shared/errors'
import type { Logger } from '../../shared/log'
import type { Region } from '../../shared/regions'
import { signingKeys } from '../lib/signing-keys'
import type { CircuitBreaker } from './breaker'

export type OriginFetch = (request: Request) => Promise<Response>

export type OriginReply<T> = { region: Region; status: number; body: T; latencyMs: number }

export type OriginRequest = {
  method?: 'GET' | 'POST'
  body?: unknown
  /** Regions to try, in order; skipped while their circuit is open. */
  order: readonly Region[]
  requestId?: string
  log?: Logger
}

export type OriginClientOptions = {
  urls: Record<Region, string>
  accessKeyId: string
  secretAccessKey: string
  timeoutMs: number
  breaker: CircuitBreaker
  fetch?: OriginFetch
  now?: () => number
}

export type Attempt<T> = { ok: true; reply: OriginReply<T> } | { ok: false; reason: string }

/**
 * Calls the regional origins. Every call is SigV4-signed for the Function URL (service
 * `lambda`, the origin's region), bounded by a timeout, and moved to the next region on
 * timeout, network error or 5xx — never on 4xx, which is the origin's answer.
 */
export class OriginClient {
  readonly #urls: Record<Region, string>
  readonly #signers = new Map<Region, AwsClient>()
  readonly #options: OriginClientOptions
  readonly #fetch: OriginFetch
  readonly #now: () => number

  constructor(options: OriginClientOptions) {
    this.#options = options
    this.#urls = options.urls
    this.#fetch = options.fetch ?? ((request) => fetch(request))
    this.#now = options.now ?? Date.now
  }

  get breaker(): CircuitBreaker {
    return this.#options.breaker
  }

  /** Sends `path` to the first healthy region of `order` that answers without a 5xx. */
  async request<T>(path: string, request: OriginRequest): Promise<OriginReply<T>> {
    const reasons: string[] = []
    for (const region of request.order) {
      if (!this.#options.breaker.tryAcquire(region)) {
        reasons.push(`${region}:circuit-open`)
        continue
      }
      const attempt = await this.#attempt<T>(region, path, request)
      if (attempt.ok) {
        this.#options.breaker.recordSuccess(region)
        return attempt.reply
      }
      this.#options.breaker.recordFailure(region)
      reasons.push(`${region}:${attempt.reason}`)
      request.log?.warn('origin failover', { region, path, reason: attempt.reason })
    }
    request.log?.error('origin unavailable', { path, reasons: reasons.join(',') })
    throw new ApiError(
      'ORIGIN_UNAVAILABLE',
      'Our data service is temporarily unavailable. Please retry shortly.',
      { headers: { 'Retry-After': '5' } },
    )
  }

  /** Calls one region's `GET /health` directly, bypassing the breaker but feeding it. */
  async probe(
    region: Region,
    requestId?: string,
  ): Promise<{ region: Region; ok: boolean; latencyMs: number; reason?: string }> {
    const attempt = await this.#attempt<unknown>(region, '/health', { method: 'GET', requestId })
    if (attempt.ok) {
      this.#options.breaker.recordSuccess(region)
      return { region, ok: true, latencyMs: attempt.reply.latencyMs }
    }
    this.#options.breaker.recordFailure(region)
    return { region, ok: false, latencyMs: 0, reason: attempt.reason }
  }

  /** One signed call to one region: no breaker, no fail-over. */
  send<T>(
    region: Region,
    path: string,
    request: Omit<OriginRequest, 'order'>,
  ): Promise<Attempt<T>> {
    return this.#attempt<T>(region, path, request)
  }

  async #attempt<T>(
    region: Region,
    path: string,
    request: Omit<OriginRequest, 'order'>,
  ): Promise<Attempt<T>> {
    const started = this.#now()
    try {
      const signed = await this.#signer(region).sign(new URL(path, this.#urls[region]).href, {
        method: request.method ?? 'POST',
        headers: {
          'content-type': 'application/json',
          ...(request.requestId ? { 'x-request-id': request.requestId } : {}),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      })
      const response = await this.#fetch(
        new Request(signed, { signal: AbortSignal.timeout(this.#options.timeoutMs) }),
      )
      if (response.status >= 500) {
        await response.body?.cancel()
        return { ok: false, reason: `status-${response.status}` }
      }
      const text = await response.text()
      let body: T
      try {
        body = (text ? JSON.parse(text) : null) as T
      } catch {
        return { ok: false, reason: 'malformed-body' }
      }
      return {
        ok: true,
        reply: { region, status: response.status, body, latencyMs: this.#now() - started },
      }
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error'
      return { ok: false, reason: name === 'TimeoutError' ? 'timeout' : `network-${name}` }
    }
  }

  #signer(region: Region): AwsClient {
    let signer = this.#signers.get(region)
    if (!signer) {
      signer = new AwsClient({
        accessKeyId: this.#options.accessKeyId,
        secretAccessKey: this.#options.secretAccessKey,
        service: 'lambda',
        region,
        retries: 0,
        cache: signingKeys,
      })
      this.#signers.set(region, signer)
    }
    return signer
  }
}
