import { bytesToBase64 } from '../lib/bytes'
import { events } from './build-events'
import { type ConversationOptions, REAL_TIMERS, type Timers } from './conversation-options'
import { type HistoryMessage, shapeHistory } from './history'
import { type ConversationEvent, OutputNormalizer } from './normalize'
import { ReplayBuffer } from './replay-buffer'
import { SonicStream, type StreamEnd } from './stream'

export type { ConversationOptions, Timers } from './conversation-options'

type Active = {
  stream: SonicStream
  promptName: string
  audioName: string
  gotOutput: boolean
  toolUses: Set<string>
  timers: unknown[]
}

/**
 * A conversation with Nova Sonic that outlives any one stream. Bedrock closes a stream at
 * 8 minutes: after `rotateAfterMs` the conversation opens a new stream at the next turn
 * boundary (or `forceMarginMs` before the limit), seeded with the system prompt and the
 * conversation so far as text, and replays the audio of the user's unfinished turn, so the
 * student hears at most a pause. A dropped stream is resumed the same way.
 *
 * @example
 * const talk = new SonicConversation({ setup, open, credentials, …, onEvent: relay })
 * await talk.start()
 * talk.sendAudio(pcm16k)
 */
export class SonicConversation {
  readonly #o: ConversationOptions
  readonly #timers: Timers
  readonly #history: HistoryMessage[] = []
  #current: Active | null = null
  #state: 'idle' | 'live' | 'switching' | 'closed' | 'failed' = 'idle'
  #rotationDue = false
  readonly #replay: ReplayBuffer
  #pendingTexts: string[] = []
  /** Texts we sent, in case the service echoes them back as user transcripts. */
  readonly #sentTexts: string[] = []
  #failures = 0
  #streams = 0

  constructor(options: ConversationOptions) {
    this.#o = options
    this.#timers = options.timers ?? REAL_TIMERS
    this.#replay = new ReplayBuffer(options.maxReplayBytes)
    this.#history.push(...(options.history ?? []))
  }

  get state() {
    return this.#state
  }

  /** The FINAL text exchanged so far, oldest first (what a new stream is seeded with). */
  get history(): readonly HistoryMessage[] {
    return this.#history
  }

  /**
   * Opens the first stream (seeded with `options.history`, if any); emits `failed` (reason
   * `connect`) when it cannot.
   */
  async start(): Promise<void> {
    if (this.#state !== 'idle') return
    this.#state = 'switching'
    await this.#openNext('rotation', this.#history.length > 0)
  }

  /** Relays 16 kHz 16-bit mono LPCM from the student. */
  sendAudio(pcm: Uint8Array): void {
    if (this.#state === 'closed' || this.#state === 'failed' || pcm.byteLength === 0) return
    this.#replay.keep(pcm)
    if (this.#state === 'live') this.#sendAudioNow(pcm)
  }

  /** Sends a text message (cross-modal input, role USER) such as a stage direction. */
  sendText(text: string): void {
    if (this.#state === 'closed' || this.#state === 'failed') return
    this.#history.push({ role: 'USER', text })
    this.#sentTexts.push(text.trim())
    if (this.#sentTexts.length > 20) this.#sentTexts.shift()
    if (this.#state === 'live' && this.#current) this.#sendTextNow(this.#current, text)
    else this.#pendingTexts.push(text)
  }

  /** Answers a tool use of the current stream (a tool use of a replaced stream is moot). */
  answerTool(toolUseId: string, result: unknown): void {
    const active = this.#current
    if (!active || this.#state !== 'live' || !active.toolUses.delete(toolUseId)) return
    const block = events.toolResult(
      active.promptName,
      this.#id(),
      toolUseId,
      JSON.stringify(result),
    )
    void active.stream.sendAll(block).catch(() => undefined)
  }

  /** Replaces the stream now (e.g. at a part boundary of the interview). */
  rotate(): void {
    if (this.#state === 'live') void this.#switch('rotation')
  }

  /** Ends the conversation: closing events, end frame, close. */
  async close(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'failed') return
    this.#state = 'closed'
    const active = this.#retire()
    if (active) await this.#endGracefully(active)
    this.#o.onEvent({ type: 'closed' })
  }

  async #switch(reason: 'rotation' | 'dropped'): Promise<void> {
    if (this.#state !== 'live') return
    this.#state = 'switching'
    const old = this.#retire()
    if (old && reason === 'rotation') void this.#endGracefully(old)
    else old?.stream.abort()
    if (reason === 'dropped') this.#o.onEvent({ type: 'reconnecting' })
    await this.#openNext(reason, true)
  }

  async #openNext(reason: 'rotation' | 'dropped', resuming: boolean): Promise<void> {
    for (;;) {
      let active: Active
      try {
        active = await this.#openStream(resuming ? shapeHistory(this.#history) : [])
      } catch {
        if (this.#state === 'switching') this.#fail('connect')
        return
      }
      if (this.#state !== 'switching') return active.stream.abort()
      if (active.stream.open) return this.#goLive(active, reason, resuming)
      // It ended while being set up: counts as a stream that failed before any output.
      for (const handle of active.timers) this.#timers.clear(handle)
      if (++this.#failures > this.#o.maxConsecutiveFailures) return this.#fail('service')
    }
  }

  #goLive(active: Active, reason: 'rotation' | 'dropped', resuming: boolean): void {
    this.#current = active
    this.#state = 'live'
    const unanswered = this.#history.at(-1)?.role === 'USER' && this.#replay.empty
    for (const chunk of this.#replay.chunks) this.#sendAudioNow(chunk)
    for (const text of this.#pendingTexts.splice(0)) this.#sendTextNow(active, text)
    if (reason === 'dropped' && unanswered && this.#o.resumeNudge) {
      this.sendText(this.#o.resumeNudge)
    }
    if (resuming) this.#o.onEvent({ type: 'stream_resumed', reason, streams: this.#streams })
  }

  async #openStream(history: readonly HistoryMessage[]): Promise<Active> {
    const { socket, seedSignature } = await this.#o.open()
    const normalizer = new OutputNormalizer()
    const active: Active = {
      stream: null as unknown as SonicStream,
      promptName: this.#id(),
      audioName: this.#id(),
      gotOutput: false,
      toolUses: new Set(),
      timers: [],
    }
    active.stream = new SonicStream(
      { socket, seedSignature, ...this.#signing() },
      {
        onEvent: (event) => this.#onEvents(active, normalizer.next(event)),
        onEnd: (end) => this.#onEnd(active, end),
      },
    )
    this.#streams++
    const { promptName, audioName } = active
    const newId = () => this.#id()
    await active.stream.sendAll(
      events.opening(promptName, audioName, this.#o.setup, history, newId),
    )
    this.#schedule(active)
    return active
  }

  #schedule(active: Active): void {
    const { rotateAfterMs, streamLimitMs, forceMarginMs } = this.#o
    active.timers.push(
      this.#timers.set(() => {
        if (this.#current === active) this.#rotationDue = true
      }, rotateAfterMs),
      this.#timers.set(
        () => {
          if (this.#current === active) void this.#switch('rotation')
        },
        Math.max(0, streamLimitMs - forceMarginMs),
      ),
    )
  }

  #onEvents(active: Active, list: ConversationEvent[]): void {
    if (active !== this.#current) return
    active.gotOutput = true
    this.#failures = 0
    for (const event of list) {
      // Whether text input comes back as a USER transcript is not documented: if it does,
      // it is ours, not the user's words (and it is in the history already).
      if (event.type === 'user_text' && this.#isEcho(event.text)) continue
      if (event.type === 'user_text') this.#remember('USER', event.text)
      if (event.type === 'assistant_text' && event.stage === 'FINAL') {
        this.#remember('ASSISTANT', event.text)
      }
      if (event.type === 'tool_use') active.toolUses.add(event.toolUseId)
      this.#o.onEvent(event)
      if (event.type === 'assistant_turn_end') {
        this.#replay.clear()
        if (this.#rotationDue) void this.#switch('rotation')
      }
    }
  }

  #onEnd(active: Active, end: StreamEnd): void {
    if (active !== this.#current || end.kind === 'ended') return
    if (!active.gotOutput) this.#failures++
    if (this.#failures > this.#o.maxConsecutiveFailures) this.#fail('service')
    else void this.#switch('dropped')
  }

  #isEcho(text: string): boolean {
    const at = this.#sentTexts.indexOf(text.trim())
    if (at >= 0) this.#sentTexts.splice(at, 1)
    return at >= 0
  }

  #remember(role: 'USER' | 'ASSISTANT', text: string): void {
    this.#history.push({ role, text })
    // The user's words are now text in the history; their audio need not be replayed.
    if (role === 'USER') this.#replay.clear()
  }

  #sendAudioNow(pcm: Uint8Array): void {
    const active = this.#current
    if (!active) return
    const event = events.audioInput(active.promptName, active.audioName, bytesToBase64(pcm))
    void active.stream.send(event).catch(() => undefined)
  }

  #sendTextNow(active: Active, text: string): void {
    const block = events.text(active.promptName, this.#id(), 'USER', text, true)
    void active.stream.sendAll(block).catch(() => undefined)
  }

  #endGracefully(active: Active): Promise<void> {
    const closing = events.closing(active.promptName, active.audioName)
    return active.stream.end(closing).catch(() => undefined)
  }

  #retire(): Active | null {
    const active = this.#current
    this.#current = null
    this.#rotationDue = false
    for (const handle of active?.timers ?? []) this.#timers.clear(handle)
    return active
  }

  #fail(reason: 'connect' | 'service'): void {
    this.#state = 'failed'
    this.#retire()?.stream.abort()
    this.#o.onEvent({ type: 'failed', reason })
  }

  #signing() {
    const { credentials, region, service, now } = this.#o
    return { credentials, region, service, now }
  }

  #id(): string {
    return (this.#o.newId ?? (() => crypto.randomUUID()))()
  }
}
