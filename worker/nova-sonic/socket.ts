/**
 * The WebSocket under a Nova Sonic stream, behind a small interface so the stream logic is
 * the same over workerd's `fetch` upgrade (production, worker tests) and the `ws` package
 * (Node tooling).
 */

export type CloseInfo = { code: number; reason: string }

export interface FrameSocket {
  send(frame: Uint8Array): void
  close(code?: number, reason?: string): void
  onMessage(listener: (frame: Uint8Array) => void): void
  onClose(listener: (info: CloseInfo) => void): void
}

/** Opens a socket to a presigned URL; rejects with `ConnectRefused` when not upgraded. */
export type Connector = (url: string, signal: AbortSignal) => Promise<FrameSocket>

/** The endpoint answered the upgrade with an HTTP status instead of 101. */
export class ConnectRefused extends Error {
  readonly status: number
  /** AWS's `x-amzn-ErrorType`, when the answer named one. */
  readonly errorType: string | null
  constructor(status: number, errorType: string | null) {
    super(`WebSocket upgrade refused with HTTP ${status}${errorType ? ` (${errorType})` : ''}`)
    this.name = 'ConnectRefused'
    this.status = status
    this.errorType = errorType
  }
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/**
 * Connects the Workers way: `fetch(url, { headers: { Upgrade: 'websocket' } })`, then
 * `accept()` the returned socket (workerd's outbound WebSocket; `new WebSocket()` cannot
 * be given an abort signal).
 *
 * @example
 * const socket = await fetchConnector()(presigned.url, AbortSignal.timeout(15_000))
 */
export function fetchConnector(
  fetcher: FetchLike = (input, init) => fetch(input, init),
): Connector {
  return async (url, signal) => {
    const response = await fetcher(url, { headers: { Upgrade: 'websocket' }, signal })
    const webSocket = (response as Response & { webSocket?: WebSocket | null }).webSocket
    if (response.status !== 101 || !webSocket) {
      await response.body?.cancel().catch(() => undefined)
      throw new ConnectRefused(response.status, response.headers.get('x-amzn-errortype'))
    }
    // `accept()` is workerd's; the DOM typing (Node tooling compiles this file too) lacks it.
    const accepting = webSocket as WebSocket & { accept(): void }
    accepting.accept()
    return wrapWebSocket(webSocket)
  }
}

/** Adapts a standard WebSocket (workerd's, after `accept()`) to `FrameSocket`. */
export function wrapWebSocket(webSocket: WebSocket): FrameSocket {
  // Recent compatibility dates default binaryType to 'blob'; frames are wanted as bytes,
  // in order, so ArrayBuffer it is.
  webSocket.binaryType = 'arraybuffer'
  return {
    send: (frame) => webSocket.send(frame),
    close: (code, reason) => {
      try {
        webSocket.close(code, reason)
      } catch {
        // already closing or closed
      }
    },
    onMessage: (listener) =>
      webSocket.addEventListener('message', (event) => {
        if (event.data instanceof ArrayBuffer) listener(new Uint8Array(event.data))
        else if (typeof event.data === 'string') listener(new TextEncoder().encode(event.data))
      }),
    onClose: (listener) => {
      let closed = false
      const once = (info: CloseInfo) => {
        if (closed) return
        closed = true
        listener(info)
      }
      webSocket.addEventListener('close', (event) =>
        once({ code: event.code, reason: event.reason }),
      )
      webSocket.addEventListener('error', () => once({ code: 1006, reason: 'socket error' }))
    },
  }
}
