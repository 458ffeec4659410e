import { FrameSplitter } from './event-stream'
import { FrameSigner, type SigningCredentials } from './frame-signer'
import { type InputEvent, inputEvent } from './input-events'
import { type OutputEvent, parseOutputEvent } from './output-events'
import { decodeServerMessage, encodeEventChunk } from './payload'
import type { CloseInfo, FrameSocket } from './socket'

/** How a stream ended, from our side's point of view. */
export type StreamEnd =
  | { kind: 'ended' }
  | { kind: 'dropped'; code: number }
  | { kind: 'exception'; type: string }
  | { kind: 'protocol'; detail: string }

export type StreamHandlers = {
  onEvent(event: OutputEvent): void
  /** Called once, when the stream is over for any reason. */
  onEnd(end: StreamEnd): void
}

export type StreamOptions = {
  socket: FrameSocket
  seedSignature: string
  credentials: SigningCredentials
  region: string
  service: string
  now: () => Date
}

/**
 * One open bidirectional stream: signs and sends our events in order, decodes and parses
 * the service's. Audio passes through without schema checks (it is most of the traffic);
 * every other event is checked against the input schema before it is signed.
 *
 * @example
 * const stream = new SonicStream({ socket, seedSignature, credentials, region, service, now }, handlers)
 * await stream.send(events.sessionStart(setup))
 */
export class SonicStream {
  readonly #socket: FrameSocket
  readonly #signer: FrameSigner
  readonly #handlers: StreamHandlers
  readonly #frames = new FrameSplitter()
  #chain: Promise<void> = Promise.resolve()
  #over = false
  #ending = false

  constructor(options: StreamOptions, handlers: StreamHandlers) {
    this.#socket = options.socket
    this.#handlers = handlers
    this.#signer = new FrameSigner({
      credentials: options.credentials,
      region: options.region,
      service: options.service,
      seedSignature: options.seedSignature,
      now: options.now,
    })
    this.#socket.onMessage((frame) => this.#receive(frame))
    this.#socket.onClose((info) => this.#closed(info))
  }

  get open(): boolean {
    return !this.#over && !this.#ending
  }

  /** Queues one event; resolves when its frame has been handed to the socket. */
  send(event: InputEvent): Promise<void> {
    if (!('audioInput' in event.event)) inputEvent.parse(event)
    return this.#enqueue(encodeEventChunk(event))
  }

  /** Queues several events in order. */
  async sendAll(list: readonly InputEvent[]): Promise<void> {
    for (const event of list) await this.send(event)
  }

  /**
   * Sends the closing events (contentEnd, promptEnd, sessionEnd), then the signed
   * end-of-stream frame (empty payload, as the SDK's encoder ends every input stream), and
   * closes normally. From here on a close by the service is not a drop.
   */
  async end(closing: readonly InputEvent[] = []): Promise<void> {
    if (!this.open) return
    this.#ending = true
    for (const event of closing) this.#enqueue(encodeEventChunk(inputEvent.parse(event)))
    await this.#enqueue(new Uint8Array(0)).catch(() => undefined)
    this.#finish({ kind: 'ended' })
    this.#socket.close(1000, 'done')
  }

  /** Closes at once, without the end frame (the stream is being abandoned). */
  abort(): void {
    this.#finish({ kind: 'ended' })
    this.#socket.close(1000, 'abandoned')
  }

  #enqueue(payload: Uint8Array): Promise<void> {
    const next = this.#chain.then(async () => {
      if (this.#over) return
      const frame = await this.#signer.sign(payload)
      if (!this.#over) this.#socket.send(frame)
    })
    this.#chain = next.catch(() => undefined)
    return next
  }

  #receive(bytes: Uint8Array): void {
    let frames: Uint8Array[] = []
    try {
      frames = this.#frames.push(bytes)
    } catch (error) {
      this.#unreadable(error)
    }
    for (const frame of frames) if (!this.#over) this.#handleFrame(frame)
  }

  #handleFrame(frame: Uint8Array): void {
    let parsed: OutputEvent | null = null
    try {
      const message = decodeServerMessage(frame)
      if (message.kind === 'exception') {
        this.#finish({ kind: 'exception', type: message.type })
        this.#socket.close(1000, 'exception received')
      } else if (message.kind === 'event') {
        parsed = parseOutputEvent(message.json)
      }
    } catch (error) {
      this.#unreadable(error)
    }
    if (parsed) this.#handlers.onEvent(parsed)
  }

  #unreadable(error: unknown): void {
    this.#finish({ kind: 'protocol', detail: error instanceof Error ? error.name : 'unknown' })
    this.#socket.close(1002, 'unreadable frame')
  }

  #closed(info: CloseInfo): void {
    this.#finish(this.#ending ? { kind: 'ended' } : { kind: 'dropped', code: info.code })
  }

  #finish(end: StreamEnd): void {
    if (this.#over) return
    this.#over = true
    this.#handlers.onEnd(end)
  }
}
