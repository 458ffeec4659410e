import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import type { Emulator, EmulatorContext } from '../index'
import { localTls } from '../tls'
import { type Http2Listener, listenHttp2 } from './http2'
import { verifyPresignedUrl } from './presigned-url'
import { type Script, ScriptStore, type SessionRecord, sessionKeyOf } from './script'
import { serveStream } from './session'
import { webSocketTransport } from './transport'

export const EMULATED_MODELS = ['amazon.nova-2-sonic-v1:0']

/** What the emulator serves of InvokeModelWithBidirectionalStream (the conformance suite covers each). */
export const NOVA_SONIC_ENDPOINTS = {
  /** The AWS SDK's Node path: HTTP/2 on `http2Url`. */
  http2: 'POST /model/{modelId}/invoke-with-bidirectional-stream',
  /** The WebSocket variant: the worker's (`url`) and the SDK browser build's (`http2Url`, wss). */
  webSocket: 'GET /model/{modelId}/invoke-with-bidirectional-stream-websocket',
} as const
const STREAM_PATH = /^\/model\/([^/]+)\/invoke-with-bidirectional-stream-websocket$/
const ADMIN_PATH = /^\/__emulator\/sessions\/([A-Za-z0-9_-]{1,128})$/
/** Bedrock closes a bidirectional stream at 8 minutes. */
const STREAM_LIMIT_MS = 8 * 60 * 1000

export type NovaSonicEmulatorOptions = {
  port?: number
  now?: () => Date
  streamLimitMs?: number
  /**
   * Passed to the worker as `SPEAKING_TIME_SCALE` (every speaking timer multiplied by it):
   * the local stack takes it from its own environment, so
   * `SPEAKING_TIME_SCALE=0.02 npm run dev` holds a whole test in about 20 seconds.
   */
  speakingTimeScale?: string
}

export type NovaSonicEmulator = Emulator & {
  url: string
  store: ScriptStore
  /** The HTTP/2 endpoint the AWS SDK reaches (`https://127.0.0.1:<port>`). */
  http2Url: string
  /** The CA its certificate chains to: the trust root an SDK client configures. */
  caPem: string
}

type Refusal = { status: number; type: string; message: string }

/**
 * Nova Sonic on loopback, in both of Bedrock's variants of InvokeModelWithBidirectionalStream:
 * the WebSocket one the worker uses (`url`: checks the presigned URL, SigV4 query auth and
 * X-Amz-Expires) and the HTTP/2 one the AWS SDK uses in Node (`http2Url`, TLS with a local
 * CA: checks the header signature). Both then check every frame's chained signature, the
 * CRCs and the event order in the same session code, and play a scripted examiner. Tests
 * script it per session through `PUT /__emulator/sessions/<id>` and read what it saw with
 * `GET` on the same path.
 *
 * @example
 * const sonic = await startNovaSonicEmulator({ edgeCredentials })
 * sonic.vars.NOVA_SONIC_ENDPOINT // 'http://127.0.0.1:<port>'
 */
export async function startNovaSonicEmulator(
  context: EmulatorContext,
  options: NovaSonicEmulatorOptions = {},
): Promise<NovaSonicEmulator> {
  const now = options.now ?? (() => new Date())
  const store = new ScriptStore()
  const wss = new WebSocketServer({ noServer: true })
  const held = new Set<Socket>()
  const server = createServer((req, res) => void admin(store, req, res))
  const secretFor = (id: string) =>
    id === context.edgeCredentials.accessKeyId ? context.edgeCredentials.secretAccessKey : undefined

  // A malformed request must never take the emulator (and the stack with it) down.
  const onUpgrade = (secure: boolean) => (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrade(req, socket, head, secure).catch(() =>
      refuse(socket, 400, 'ValidationException', 'Malformed request.'),
    )
  }
  server.on('upgrade', onUpgrade(false))

  const streamContext = (key: string, chain: { priorSignature: string; secret: string }) => ({
    script: store.script(key),
    record: store.record(key),
    stream: store.newStream(key, now()),
    chain,
    region: 'us-east-1',
    service: 'bedrock',
    streamLimitMs: options.streamLimitMs ?? STREAM_LIMIT_MS,
    now,
  })

  async function upgrade(req: IncomingMessage, socket: Socket, head: Buffer, secure: boolean) {
    const target = req.url ?? '/'
    const key = sessionKeyOf(userAgentOf(target))
    const admitted = admit(store.script(key), store.record(key))
    if (admitted === 'hold') {
      held.add(socket)
      return
    }
    if (admitted !== 'open') return refuse(socket, admitted.status, admitted.type, admitted.message)
    const model = STREAM_PATH.exec(target.split('?')[0] ?? '')?.[1]
    if (!model) return refuse(socket, 404, 'UnknownOperationException', 'No such route.')
    const wrongModel = modelRefusal(decodeURIComponent(model))
    if (wrongModel) return refuse(socket, wrongModel.status, wrongModel.type, wrongModel.message)
    const verify = (headers: Headers) =>
      verifyPresignedUrl(target, headers, {
        region: 'us-east-1',
        service: 'bedrock',
        secretFor,
        now: now(),
      })
    let check = await verify(headersOf(req))
    // The AWS SDK's WebSocket handler signs the endpoint's hostname without its port (it
    // sets `host` before the port is known; harmless on Bedrock's port 443, where the
    // browser sends no port either). The TLS listener stands in for that endpoint, so there
    // the host the SDK signed is tried too; the worker's plain listener stays exact.
    if (!check.ok && check.reason === 'SIGNATURE_MISMATCH' && secure) {
      check = await verify(withoutPort(headersOf(req)))
    }
    if (!check.ok) return refuse(socket, 403, 'InvalidSignatureException', check.reason)
    const chain = { priorSignature: check.signature, secret: check.secret }
    wss.handleUpgrade(req, socket, head, (ws) =>
      serveStream(webSocketTransport(ws), streamContext(key, chain)),
    )
  }

  const tls = await localTls()
  const h2: Http2Listener = await listenHttp2({
    tls,
    region: 'us-east-1',
    secretFor,
    now,
    onUpgrade: onUpgrade(true),
    handlers: {
      sessionKeyOf,
      admit: ({ key, modelId }) => {
        const admitted = admit(store.script(key), store.record(key))
        return admitted === 'open' ? (modelRefusal(modelId) ?? 'open') : admitted
      },
      open: (transport, { key }, chain) => serveStream(transport, streamContext(key, chain)),
    },
  })

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    name: 'nova-sonic',
    url,
    http2Url: h2.url,
    caPem: tls.caPem,
    store,
    vars: {
      NOVA_SONIC_ENDPOINT: url,
      NOVA_SONIC_EMULATOR_URL: url,
      ...(options.speakingTimeScale ? { SPEAKING_TIME_SCALE: options.speakingTimeScale } : {}),
    },
    urls: { 'nova-sonic': url, 'nova-sonic-http2': h2.url },
    async stop() {
      for (const socket of held) socket.destroy()
      for (const client of wss.clients) client.terminate()
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), h2.stop()])
    },
  }
}

/** The script's connect faults, in order: hold the first N, refuse the next M, then open. */
function admit(script: Script, record: SessionRecord): 'hold' | Refusal | 'open' {
  record.upgrades++
  if (record.hung < script.hangConnects) {
    record.hung++
    return 'hold'
  }
  if (record.refused < script.refuseConnects) {
    record.refused++
    return {
      status: 503,
      type: 'ServiceUnavailableException',
      message: 'Service unavailable (emulated).',
    }
  }
  return 'open'
}

function modelRefusal(modelId: string): Refusal | undefined {
  if (EMULATED_MODELS.includes(modelId)) return undefined
  return {
    status: 400,
    type: 'ValidationException',
    message: 'The provided model identifier is invalid.',
  }
}

async function admin(store: ScriptStore, req: IncomingMessage, res: ServerResponse) {
  const key = ADMIN_PATH.exec(req.url ?? '')?.[1]
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  if (!key) return reply(404, { error: 'not found' })
  if (req.method === 'GET') return reply(200, store.record(key))
  if (req.method !== 'PUT') return reply(405, { error: 'method not allowed' })
  let body = ''
  for await (const chunk of req) body += chunk
  try {
    return reply(200, store.set(key, JSON.parse(body || '{}')))
  } catch (error) {
    return reply(400, { error: error instanceof Error ? error.message : 'invalid script' })
  }
}

function refuse(socket: Socket, status: number, errorType: string, message: string) {
  const body = JSON.stringify({ message })
  socket.end(
    `HTTP/1.1 ${status} ${status === 503 ? 'Service Unavailable' : 'Error'}\r\n` +
      `x-amzn-ErrorType: ${errorType}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  )
}

/**
 * The caller's user agent in a presigned URL: the worker sends `user-agent`; the AWS SDK
 * hoists its `x-amz-user-agent` header into the query under that name.
 */
function userAgentOf(target: string): string | null {
  const query = new URL(target, 'http://x').searchParams
  return query.get('user-agent') ?? query.get('x-amz-user-agent')
}

function withoutPort(headers: Headers): Headers {
  headers.set('host', (headers.get('host') ?? '').replace(/:\d+$/, ''))
  return headers
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) headers.set(name, value.join(', '))
  }
  return headers
}

/** The emulator as the local stack starts it. */
export const novaSonicEmulator = (context: EmulatorContext) =>
  startNovaSonicEmulator(context, { speakingTimeScale: process.env.SPEAKING_TIME_SCALE })
