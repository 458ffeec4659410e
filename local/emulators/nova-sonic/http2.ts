import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import {
  constants,
  createSecureServer,
  type Http2SecureServer,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2'
import type { AddressInfo, Socket } from 'node:net'
import { verifySigV4 } from '../../origin/sigv4'
import { awsSignatureRefusal, SERVICE_UNSIGNED } from '../../origin/sigv4-refusal'
import type { LocalTls } from '../tls'
import type { FrameTransport } from './transport'

/** The SDK's request path: `InvokeModelWithBidirectionalStream` over HTTP/2. */
export const HTTP2_STREAM_PATH = /^\/model\/([^/]+)\/invoke-with-bidirectional-stream$/
/** What an event-stream request signs instead of its body's hash (frames are signed one by one). */
export const STREAMING_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-EVENTS'
/** No frame of ours comes near this; a larger prelude is a torn or hostile body. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024
const PRELUDE_BYTES = 12

export type StreamAdmission = {
  /** The session key the request names (its `user-agent` carries `session/<id>`). */
  key: string
  modelId: string
}

export type Http2Handlers = {
  /** Decides what to do with a signed request: `hold` (never answer), a refusal, or open it. */
  admit(
    request: StreamAdmission,
  ): 'hold' | { status: number; type: string; message: string } | 'open'
  open(
    transport: FrameTransport,
    request: StreamAdmission,
    chain: { priorSignature: string; secret: string },
  ): void
  sessionKeyOf(userAgent: string | null): string
}

export type Http2Listener = { url: string; server: Http2SecureServer; stop(): Promise<void> }

/**
 * Nova Sonic as the AWS SDK for JavaScript reaches it, on one TLS port (the local CA's
 * certificate), as on Bedrock's one host: in Node, `POST
 * /model/{modelId}/invoke-with-bidirectional-stream` over HTTP/2, SigV4-signed in the
 * headers (`:authority` among them) with the `STREAMING-AWS4-HMAC-SHA256-EVENTS` payload,
 * then event-stream frames back to back in both bodies, each client frame signed in a chain
 * seeded by the request's signature; in a browser build, the presigned `wss://` upgrade,
 * handed to `onUpgrade`. The frames go to the same session code either way.
 *
 * @example
 * const h2 = await listenHttp2({ tls, region: 'us-east-1', secretFor, now, handlers, onUpgrade })
 * // SDK: new BedrockRuntimeClient({ endpoint: h2.url, requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: tls.caPem } }) })
 */
export async function listenHttp2(options: {
  tls: LocalTls
  region: string
  secretFor: (accessKeyId: string) => string | undefined
  now: () => Date
  handlers: Http2Handlers
  /** A WebSocket upgrade (HTTP/1.1) on the same port. */
  onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void
}): Promise<Http2Listener> {
  const held = new Set<ServerHttp2Stream>()
  const server = createSecureServer({
    key: options.tls.keyPem,
    cert: options.tls.certPem,
    allowHTTP1: true,
  })
  const open = openSessions(server)
  server.on('upgrade', options.onUpgrade)
  // HTTP/1.1 without an upgrade: nothing is served that way (HTTP/2 streams go to 'stream').
  server.on('request', (req, res) => {
    if (req.httpVersionMajor !== 1) return
    res.writeHead(404, {
      'content-type': 'application/json',
      'x-amzn-errortype': 'UnknownOperationException',
    })
    res.end(JSON.stringify({ message: 'No such route.' }))
  })
  server.on('stream', (stream, headers) => {
    accept(stream, headers).catch(() =>
      refuse(stream, 400, 'ValidationException', 'Malformed request.'),
    )
  })

  async function accept(stream: ServerHttp2Stream, headers: IncomingHttpHeaders) {
    const path = String(headers[':path'] ?? '/')
    const model = HTTP2_STREAM_PATH.exec(path.split('?')[0] ?? '')?.[1]
    if (headers[':method'] !== 'POST' || !model) {
      return refuse(stream, 404, 'UnknownOperationException', 'No such route.')
    }
    const request = {
      key: options.handlers.sessionKeyOf(firstValue(headers['user-agent'])),
      modelId: decodeURIComponent(model),
    }
    const admission = options.handlers.admit(request)
    if (admission === 'hold') {
      held.add(stream)
      stream.on('close', () => held.delete(stream))
      return
    }
    if (admission !== 'open')
      return refuse(stream, admission.status, admission.type, admission.message)
    const signed = requestHeaders(headers)
    const check = await verifySigV4(
      {
        method: 'POST',
        url: `https://${signed.get('host')}${path}`,
        headers: signed,
        body: new Uint8Array(0),
      },
      {
        service: 'bedrock',
        region: options.region,
        secretFor: options.secretFor,
        now: options.now,
        streamingPayloads: [STREAMING_PAYLOAD],
      },
    )
    if (!check.ok) {
      const refusal = awsSignatureRefusal(check.reason, signed, {
        service: 'bedrock',
        region: options.region,
        unsigned: SERVICE_UNSIGNED,
      })
      return refuse(stream, refusal.status, refusal.type, refusal.message)
    }
    stream.respond({
      ':status': 200,
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': randomUUID(),
    })
    options.handlers.open(http2Transport(stream), request, {
      priorSignature: check.signature,
      secret: check.secret,
    })
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    async stop() {
      for (const stream of held) stream.close(constants.NGHTTP2_CANCEL)
      const closing = new Promise<void>((resolve) => server.close(() => resolve()))
      // Sessions still open (a client that never hung up) would keep close() waiting.
      for (const session of open) session.destroy()
      await closing
    },
  }
}

/** The frames of an HTTP/2 request body, split on each prelude's total length. */
function http2Transport(stream: ServerHttp2Stream): FrameTransport {
  const frames: ((frame: Uint8Array) => void)[] = []
  const malformed: ((reason: string) => void)[] = []
  let pending: Buffer = Buffer.alloc(0)
  stream.on('data', (chunk: Buffer) => {
    pending = pending.byteLength === 0 ? chunk : Buffer.concat([pending, chunk])
    while (pending.byteLength >= PRELUDE_BYTES) {
      const total = pending.readUInt32BE(0)
      if (total < PRELUDE_BYTES + 4 || total > MAX_FRAME_BYTES) {
        pending = Buffer.alloc(0)
        for (const listener of malformed) listener('frame: impossible total length')
        return
      }
      if (pending.byteLength < total) return
      const frame = pending.subarray(0, total)
      pending = pending.subarray(total)
      for (const listener of frames) listener(frame)
    }
  })
  return {
    isOpen: () => !stream.destroyed && !stream.writableEnded,
    send: (frame) => stream.write(frame),
    close: () => stream.end(),
    drop: () => stream.close(constants.NGHTTP2_INTERNAL_ERROR),
    onFrame: (listener) => frames.push(listener),
    onMalformed: (listener) => malformed.push(listener),
    onError: (listener) => stream.on('error', listener),
    onClose: (listener) => stream.on('close', listener),
  }
}

/** Bedrock's refusal before the stream opens: the status, `x-amzn-ErrorType` and `{"message"}`. */
function refuse(stream: ServerHttp2Stream, status: number, type: string, message: string) {
  if (stream.destroyed) return
  if (stream.headersSent) return stream.close(constants.NGHTTP2_INTERNAL_ERROR)
  stream.respond({
    ':status': status,
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
  })
  stream.end(JSON.stringify({ message }))
}

/** The request's headers as SigV4 covers them; HTTP/2 carries the host as `:authority`. */
function requestHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers()
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue
    out.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  if (!out.has('host')) out.set('host', String(headers[':authority'] ?? ''))
  return out
}

function firstValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null
}

/** The server's open sessions, kept from the start (Node keeps no public list). */
function openSessions(server: Http2SecureServer): Set<{ destroy(): void }> {
  const open = new Set<{ destroy(): void }>()
  server.on('session', (session) => {
    open.add(session)
    session.on('close', () => open.delete(session))
  })
  return open
}
