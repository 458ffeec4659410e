import type { StreamSetup } from './build-events'
import { BEDROCK_SIGNING_SERVICE, CONNECT_RETRY_DELAYS_MS, type NovaSonicConfig } from './config'
import { type AttemptFailure, connectStream } from './connect'
import { type ConversationOptions, SonicConversation, type Timers } from './conversation'
import type { SigningCredentials } from './frame-signer'
import type { ConversationEvent } from './normalize'
import { type Connector, fetchConnector } from './socket'

/** Replay at most the last 130 s of a user's turn (a Part 2 long turn is up to 2 min). */
const MAX_REPLAY_BYTES = 130 * 16_000 * 2
const MAX_CONSECUTIVE_FAILURES = 2

export type SonicClientOptions = {
  config: NovaSonicConfig
  credentials: SigningCredentials
  setup: StreamSetup
  onEvent: (event: ConversationEvent) => void
  /** Identifies the caller in the `user-agent` query parameter, e.g. the session id. */
  userAgent: string
  connector?: Connector
  now?: () => Date
  sleep?: (ms: number) => Promise<void>
  timers?: Timers
  onAttemptFailed?: (attempt: number, failure: AttemptFailure, status: number | null) => void
  /** See `ConversationOptions.resumeNudge`. */
  resumeNudge?: string
  /** See `ConversationOptions.history`. */
  history?: ConversationOptions['history']
  /** Overrides of the stream timings (tests shorten them). */
  timings?: Partial<{ rotateAfterMs: number; streamLimitMs: number; forceMarginMs: number }>
}

/**
 * A Nova Sonic conversation wired to the configuration: connections presigned for the
 * configured endpoint and model in us-east-1, 15 s per attempt, retries after 1, 2 and 4 s.
 *
 * @example
 * const talk = createSonicConversation({ config: novaSonicConfig(env), credentials, setup,
 *   userAgent: `ielts-genai-prep session/${id}`, onEvent })
 * await talk.start()
 */
export function createSonicConversation(options: SonicClientOptions): SonicConversation {
  const { config, credentials } = options
  const now = options.now ?? (() => new Date())
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const open = () =>
    connectStream({
      endpoint: config.NOVA_SONIC_ENDPOINT,
      modelId: config.NOVA_SONIC_MODEL_ID,
      credentials,
      region: config.NOVA_SONIC_REGION,
      service: BEDROCK_SIGNING_SERVICE,
      userAgent: options.userAgent,
      connector: options.connector ?? fetchConnector(),
      connectTimeoutMs: config.NOVA_SONIC_CONNECT_TIMEOUT_MS,
      retryDelaysMs: CONNECT_RETRY_DELAYS_MS,
      now,
      sleep,
      onAttemptFailed: options.onAttemptFailed,
    })
  return new SonicConversation({
    setup: options.setup,
    open,
    credentials,
    region: config.NOVA_SONIC_REGION,
    service: BEDROCK_SIGNING_SERVICE,
    now,
    timers: options.timers,
    rotateAfterMs: options.timings?.rotateAfterMs ?? config.NOVA_SONIC_ROTATE_AFTER_MS,
    streamLimitMs: options.timings?.streamLimitMs ?? config.NOVA_SONIC_STREAM_LIMIT_MS,
    forceMarginMs: options.timings?.forceMarginMs ?? config.NOVA_SONIC_FORCE_MARGIN_MS,
    maxReplayBytes: MAX_REPLAY_BYTES,
    maxConsecutiveFailures: MAX_CONSECUTIVE_FAILURES,
    onEvent: options.onEvent,
    resumeNudge: options.resumeNudge,
    history: options.history,
  })
}
