import type { StreamSetup } from './build-events'
import type { OpenedSocket } from './connect'
import type { SigningCredentials } from './frame-signer'
import type { HistoryMessage } from './history'
import type { ConversationEvent } from './normalize'

export type Timers = {
  set(callback: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export type ConversationOptions = {
  setup: StreamSetup
  /** Opens a socket to a freshly presigned URL, retries included (see `connectStream`). */
  open: () => Promise<OpenedSocket>
  credentials: SigningCredentials
  region: string
  service: string
  now: () => Date
  timers?: Timers
  /** After this long a stream is replaced at the next turn boundary (production: 6 min). */
  rotateAfterMs: number
  /** The service closes a stream at this age (Bedrock: 8 min)… */
  streamLimitMs: number
  /** …so a stream still open this long before it is replaced whatever is happening. */
  forceMarginMs: number
  /** Audio of the current user turn kept for replay into a new stream (bytes). */
  maxReplayBytes: number
  /** New streams that may fail before producing any output before giving up. */
  maxConsecutiveFailures: number
  onEvent: (event: ConversationEvent) => void
  /**
   * Sent as text after a dropped stream is resumed when the user's last turn was never
   * answered (the model does not answer history by itself).
   */
  resumeNudge?: string
  newId?: () => string
  /**
   * The conversation so far, when this one continues a conversation an earlier process
   * held (its first stream is seeded with it, like a resumed one).
   */
  history?: readonly HistoryMessage[]
}

/** `setTimeout`, as timers the conversation can be given. */
export const REAL_TIMERS: Timers = {
  set: (f, ms) => setTimeout(f, ms),
  clear: (h) => clearTimeout(h as number),
}
