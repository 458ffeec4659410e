import type { Redis } from 'ioredis'
import { waitUntilReady } from './connection'
import type { RedisCommand } from './request'

/** One entry of an Upstash answer: the raw ioredis reply, or Redis's error message. */
export type CommandOutcome = { result: unknown } | { error: string }

/** Redis cannot answer now (down, hung, failing over): the route answers 503. */
export class RedisUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('Redis is unavailable', options)
    this.name = 'RedisUnavailableError'
  }
}

// Replies that describe the server's state, not the command: a retry elsewhere or later
// may succeed, so they count as an outage (5xx) rather than a bad request (400).
const OUTAGE_REPLIES =
  /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY|OOM|NOAUTH|WRONGPASS|NOPERM)\b/

/**
 * Runs one command. Command errors (WRONGTYPE, syntax…) come back as `{ error }`;
 * anything else throws `RedisUnavailableError`.
 *
 * @example
 * await runCommand(redis, ['INCR', 'counter'], 1_000) // { result: 1 }
 */
export async function runCommand(
  redis: Redis,
  [name, ...args]: RedisCommand,
  readyTimeoutMs: number,
): Promise<CommandOutcome> {
  await ensureReady(redis, readyTimeoutMs)
  try {
    return { result: await redis.callBuffer(name, ...args) }
  } catch (error) {
    return commandError(error)
  }
}

/**
 * Runs commands in one round trip, each on its own (other clients may interleave); one
 * command's error does not stop the next.
 *
 * @example
 * await runPipeline(redis, [['SET', 'a', '1'], ['INCR', 'a']], 1_000)
 */
export async function runPipeline(
  redis: Redis,
  commands: readonly RedisCommand[],
  readyTimeoutMs: number,
): Promise<CommandOutcome[]> {
  await ensureReady(redis, readyTimeoutMs)
  const pipeline = redis.pipeline()
  for (const [name, ...args] of commands) pipeline.callBuffer(name, ...args)
  const replies = await pipeline.exec().catch((error: unknown) => {
    throw new RedisUnavailableError({ cause: error })
  })
  return settle(replies)
}

/**
 * Runs commands inside MULTI/EXEC, atomically. A command Redis refuses while queuing
 * (wrong arity…) aborts the whole transaction: that comes back as a single `{ error }`.
 *
 * @example
 * await runTransaction(redis, [['INCR', 'n'], ['EXPIRE', 'n', '60']], 1_000)
 */
export async function runTransaction(
  redis: Redis,
  commands: readonly RedisCommand[],
  readyTimeoutMs: number,
): Promise<CommandOutcome[] | { error: string }> {
  await ensureReady(redis, readyTimeoutMs)
  const transaction = redis.multi()
  for (const [name, ...args] of commands) transaction.callBuffer(name, ...args)
  try {
    return settle(await transaction.exec())
  } catch (error) {
    const outcome = commandError(error)
    const previous = (error as { previousErrors?: unknown[] }).previousErrors ?? []
    const first = previous.find((cause): cause is Error => cause instanceof Error)
    return 'error' in outcome && first ? { error: `${outcome.error} ${first.message}` } : outcome
  }
}

async function ensureReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (!(await waitUntilReady(redis, timeoutMs))) throw new RedisUnavailableError()
}

function settle(replies: [error: Error | null, result: unknown][] | null): CommandOutcome[] {
  // EXEC answers nil only when a WATCHed key changed; WATCH is not allowed, so this
  // would mean the connection is in a state we did not put it in.
  if (!replies) throw new RedisUnavailableError()
  return replies.map(([error, result]) => (error ? commandError(error) : { result }))
}

function commandError(error: unknown): { error: string } {
  const isReply = error instanceof Error && error.name === 'ReplyError'
  if (!isReply || OUTAGE_REPLIES.test(error.message)) {
    throw new RedisUnavailableError({ cause: error })
  }
  return { error: error.message }
}
