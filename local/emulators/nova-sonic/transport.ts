import type { WebSocket } from 'ws'

/**
 * One accepted Nova Sonic stream as the session sees it, whatever carries it: the
 * WebSocket variant (each message one event-stream frame) or the HTTP/2 one (frames
 * back to back in the request and response bodies). The session's checks and answers are
 * the same on both, so both transports are held to one event protocol.
 */
export type FrameTransport = {
  isOpen(): boolean
  send(frame: Uint8Array): void
  /** Ends the stream cleanly (WebSocket close 1000; the end of the HTTP/2 response). */
  close(): void
  /** Cuts the stream with no clean end, as a dropped connection would. */
  drop(): void
  /** Each whole frame the client sent, in order. */
  onFrame(listener: (frame: Uint8Array) => void): void
  /** Input that is no frame at all (a text WebSocket message, a torn HTTP/2 body). */
  onMalformed(listener: (reason: string) => void): void
  onError(listener: () => void): void
  onClose(listener: () => void): void
}

/**
 * The WebSocket variant (`invoke-with-bidirectional-stream-websocket`): one binary
 * message per frame.
 *
 * @example
 * wss.handleUpgrade(req, socket, head, (ws) => serveStream(webSocketTransport(ws), context))
 */
export function webSocketTransport(ws: WebSocket): FrameTransport {
  return {
    isOpen: () => ws.readyState === ws.OPEN,
    send: (frame) => ws.send(frame),
    close: () => ws.close(1000),
    drop: () => ws.terminate(),
    onFrame: (listener) =>
      ws.on('message', (data, isBinary) => {
        if (isBinary) listener(toBytes(data))
      }),
    onMalformed: (listener) =>
      ws.on('message', (_data, isBinary) => {
        if (!isBinary) listener('frames must be binary')
      }),
    onError: (listener) => ws.on('error', listener),
    onClose: (listener) => ws.on('close', listener),
  }
}

function toBytes(data: unknown): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[])
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data as Buffer
}
