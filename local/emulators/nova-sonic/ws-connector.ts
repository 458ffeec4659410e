import WebSocket from 'ws'
import { type Connector, ConnectRefused, type FrameSocket } from '../../../worker/nova-sonic/socket'

/**
 * The worker's `Connector` over the `ws` package, for Node code (tests, tools) that drives
 * the worker's Nova Sonic client against the emulator without workerd.
 *
 * @example
 * const { socket, seedSignature } = await connectStream({ ...options, connector: wsConnector })
 */
export const wsConnector: Connector = (url, signal) =>
  new Promise<FrameSocket>((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'))
    const abort = () => {
      ws.terminate()
      reject(signal.reason)
    }
    signal.addEventListener('abort', abort, { once: true })
    ws.once('unexpected-response', (_req, res) => {
      signal.removeEventListener('abort', abort)
      const errorType = res.headers['x-amzn-errortype']
      res.resume()
      reject(
        new ConnectRefused(res.statusCode ?? 0, typeof errorType === 'string' ? errorType : null),
      )
      ws.terminate()
    })
    ws.once('error', (error) => {
      signal.removeEventListener('abort', abort)
      reject(error)
    })
    ws.once('open', () => {
      signal.removeEventListener('abort', abort)
      resolve(wrap(ws))
    })
  })

function wrap(ws: WebSocket): FrameSocket {
  return {
    send: (frame) => ws.send(frame),
    close: (code, reason) => ws.close(code, reason),
    onMessage: (listener) =>
      ws.on('message', (data: Buffer) =>
        listener(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
      ),
    onClose: (listener) =>
      ws.once('close', (code, reason) => listener({ code, reason: reason.toString() })),
  }
}
