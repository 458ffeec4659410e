import type { ServerMessage } from '../../../shared/speaking-messages'

/**
 * The app's end of the speaking WebSocket, as the session sees it: JSON events and examiner
 * audio out, nothing thrown once the app has gone.
 *
 * @example
 * const app = new AppSocket(server)
 * app.send({ type: 'notice', code: 'LATENCY', message })
 */
export class AppSocket {
  readonly #socket: WebSocket
  #open = true

  constructor(socket: WebSocket) {
    // Recent compatibility dates deliver binary messages as Blobs by default; audio is
    // wanted as bytes, in order.
    socket.binaryType = 'arraybuffer'
    this.#socket = socket
  }

  get open(): boolean {
    return this.#open && this.#socket.readyState === WebSocket.OPEN
  }

  send(message: ServerMessage): void {
    this.#try(() => this.#socket.send(JSON.stringify(message)))
  }

  /** 24 kHz 16-bit mono LPCM: relayed, never kept. */
  sendAudio(pcm: Uint8Array): void {
    this.#try(() => this.#socket.send(pcm))
  }

  close(code: number, reason: string): void {
    this.#open = false
    try {
      this.#socket.close(code, reason)
    } catch {
      // already closed
    }
  }

  onMessage(listener: (data: string | ArrayBuffer) => void): void {
    this.#socket.addEventListener('message', (event) => {
      if (this.#open) listener(event.data as string | ArrayBuffer)
    })
  }

  /** Called once, when the app goes (close or error), unless we closed it first. */
  onGone(listener: () => void): void {
    const gone = () => {
      if (!this.#open) return
      this.#open = false
      listener()
    }
    this.#socket.addEventListener('close', gone)
    this.#socket.addEventListener('error', gone)
  }

  #try(send: () => void): void {
    if (!this.open) return
    try {
      send()
    } catch {
      this.#open = false
    }
  }
}
