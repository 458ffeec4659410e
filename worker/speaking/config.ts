import { z } from 'zod'

/**
 * The speaking session's own variables. `SPEAKING_TIME_SCALE` multiplies every server-side
 * timer of a session (the test's parts, the start window, the reconnect grace, the waits
 * between connection attempts): 1 in production, which is enforced; tests and
 * `npm run local -- speak` use e.g. 0.01 to hold a whole test in seconds.
 *
 * @example
 * services.config.speaking.SPEAKING_TIME_SCALE // 1
 */
export const speakingConfigSchema = z
  .object({
    DEPLOY_ENV: z.enum(['production', 'sandbox', 'local']),
    SPEAKING_TIME_SCALE: z.coerce.number().gt(0).max(1).default(1),
  })
  .refine((c) => c.DEPLOY_ENV !== 'production' || c.SPEAKING_TIME_SCALE === 1, {
    path: ['SPEAKING_TIME_SCALE'],
    message: 'must be 1 in production',
  })

const MINUTE = 60_000

/**
 * Durations of a session. The start window, the test's length and the reconnect grace are
 * multiplied by the time scale; the rest are not. The charge's lease must outlast
 * everything before the result is stored, or a replay could take the key over.
 */
export const SESSION_TIMINGS = {
  /** After the session is created, the app has this long to connect and say `ready`. */
  startWindowMs: 10 * MINUTE,
  /** A test that started is ended (and scored as abandoned) this long after it started. */
  maxDurationMs: 30 * MINUTE,
  /** How long a live test waits for a disconnected app to come back. */
  reconnectGraceMs: 1 * MINUTE,
  /** Between attempts to score and store (or to give the slot back) after a failure. */
  settleRetryMs: 30_000,
  /** Scoring attempts before the slot is given back instead. */
  scoringAttempts: 3,
  /** Attempts to give the slot back before giving up (and logging an error). */
  refundAttempts: 10,
  /** What is left of a finished session (no transcript) is deleted after this. */
  retentionMs: 30 * 24 * 60 * MINUTE,
} as const

/** The charge's lease: start window + test + scoring with retries, with room to spare. */
export const SPEAKING_LEASE_MS = 60 * MINUTE
