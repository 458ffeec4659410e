/**
 * The audio of the user's turn in progress, kept (in memory only, never stored or logged)
 * so that a new stream can hear a turn the old one did not finish. Bounded: the oldest
 * chunks go first.
 *
 * @example
 * const replay = new ReplayBuffer(130 * 32_000)
 * replay.keep(pcm)
 * for (const chunk of replay.chunks) send(chunk)
 */
export class ReplayBuffer {
  readonly #maxBytes: number
  #chunks: Uint8Array[] = []
  #bytes = 0

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  get chunks(): readonly Uint8Array[] {
    return this.#chunks
  }

  get empty(): boolean {
    return this.#chunks.length === 0
  }

  /** Keeps a copy of `pcm` (the caller may reuse its buffer). */
  keep(pcm: Uint8Array): void {
    this.#chunks.push(pcm.slice())
    this.#bytes += pcm.byteLength
    while (this.#bytes > this.#maxBytes && this.#chunks.length > 1) {
      this.#bytes -= this.#chunks.shift()!.byteLength
    }
  }

  clear(): void {
    this.#chunks = []
    this.#bytes = 0
  }
}
