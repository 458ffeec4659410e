import { type Context, Hono } from 'hono'
import type { Redis } from 'ioredis'
import { describeError, type Logger } from '../../shared/log'
import { bearerToken } from './auth'
import { limitBody } from './body-limit'
import {
  type CommandOutcome,
  RedisUnavailableError,
  runCommand,
  runPipeline,
  runTransaction,
} from './execute'
import { encodeReply, type ReplyEncoding, replyEncoding } from './reply'
import { parseBatch, parseCommand, type RedisCommand } from './request'

const MAX_BODY_BYTES = 1024 * 1024
const MAX_COMMANDS = 100
const READY_TIMEOUT_MS = 1_000
const MIN_TOKEN_LENGTH = 16
const LOGGED_NAMES = 20

export type RedisRoutesOptions = {
  /** The region's connection, ideally from `createRedisConnection` (fails fast). */
  redis: Redis
  /**
   * When set, every request must carry `Authorization: Bearer <token>` (Upstash's own
   * scheme; what the local stack and a plain `@upstash/redis` client use).
   */
  token?: string
  /**
   * Required when `token` is not set, to say out loud that an outer layer authenticates:
   * in AWS the Function URL's AWS_IAM auth checks the worker's SigV4 signature before the
   * Lambda runs; locally the origin's SigV4 middleware does the same.
   */
  trustOuterAuth?: boolean
  /** Largest accepted body. Default 1 MiB. */
  maxBodyBytes?: number
  /** Most commands in one pipeline or transaction. Default 100. */
  maxCommands?: number
  /** How long a request waits for a connection that is still being set up. Default 1 s. */
  readyTimeoutMs?: number
  /** One line per request: route, command names, status, duration. Never arguments. */
  log?: Logger
}

/** Per-request state: the command names, kept for the log line. */
export type RedisRoutesEnv = { Variables: { redisCommandNames: string } }

type Batch = (
  redis: Redis,
  commands: readonly RedisCommand[],
  readyTimeoutMs: number,
) => Promise<CommandOutcome[] | { error: string }>

/**
 * The Upstash-REST-compatible Redis endpoint, to be mounted by the origin app:
 * `POST /` (one command), `POST /pipeline`, `POST /multi-exec`, with
 * `Upstash-Encoding: base64` support and an allow-list of commands. Errors use Upstash's
 * `{ error }` body (not the API's error shape) because `@upstash/redis` parses them:
 * 400 for a refused, malformed or failing command, 401 for a bad token, 413 for a large
 * body, 503 when Redis is unreachable (the worker counts 5xx as the origin being down).
 *
 * @example
 * app.route('/redis', createRedisRoutes({ redis: createRedisConnection(url), token }))
 */
export function createRedisRoutes(options: RedisRoutesOptions): Hono<RedisRoutesEnv> {
  const { redis, log, maxBodyBytes, maxCommands, readyTimeoutMs } = resolveOptions(options)
  const app = new Hono<RedisRoutesEnv>()
  app.use('*', logRequest(log))
  if (options.token !== undefined) app.use('*', bearerToken(options.token))
  app.use('*', limitBody(maxBodyBytes))

  app.post('/', async (c) => {
    const parsed = parseCommand(await readJson(c))
    if (!parsed.ok) return c.json({ error: parsed.error }, 400)
    c.set('redisCommandNames', parsed.value[0])
    const outcome = await runCommand(redis, parsed.value, readyTimeoutMs)
    if ('error' in outcome) return c.json(outcome, 400)
    return c.json({ result: encodeReply(outcome.result, encodingOf(c)) })
  })
  const batch = (run: Batch) => async (c: Context<RedisRoutesEnv>) => {
    const parsed = parseBatch(await readJson(c), maxCommands)
    if (!parsed.ok) return c.json({ error: parsed.error }, 400)
    c.set('redisCommandNames', namesOf(parsed.value))
    const outcomes = await run(redis, parsed.value, readyTimeoutMs)
    if (!Array.isArray(outcomes)) return c.json(outcomes, 400)
    return c.json(outcomes.map((outcome) => encodeOutcome(outcome, encodingOf(c))))
  }
  app.post('/pipeline', batch(runPipeline))
  app.post('/multi-exec', batch(runTransaction))

  app.onError((error, c) => {
    if (error instanceof MalformedJsonError) return c.json({ error: error.message }, 400)
    if (error instanceof RedisUnavailableError) {
      c.header('Retry-After', '1')
      return c.json({ error: 'ERR Redis is unavailable, retry shortly' }, 503)
    }
    log?.error('redis route failed', { reason: describeError(error) })
    return c.json({ error: 'ERR internal error' }, 500)
  })
  return app
}

function resolveOptions(options: RedisRoutesOptions) {
  const { token, trustOuterAuth } = options
  if (token === undefined && trustOuterAuth !== true) {
    throw new TypeError(
      'createRedisRoutes: pass `token`, or `trustOuterAuth: true` when SigV4 is checked in front',
    )
  }
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new TypeError(`createRedisRoutes: token must be at least ${MIN_TOKEN_LENGTH} characters`)
  }
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    maxCommands: options.maxCommands ?? MAX_COMMANDS,
    readyTimeoutMs: options.readyTimeoutMs ?? READY_TIMEOUT_MS,
  }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new TypeError(`createRedisRoutes: ${name} must be a positive integer`)
    }
  }
  return { redis: options.redis, log: options.log, ...limits }
}

class MalformedJsonError extends Error {}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new MalformedJsonError('ERR request body is not valid JSON')
  }
}

function encodingOf(c: Context): ReplyEncoding {
  return replyEncoding(c.req.header('Upstash-Encoding'))
}

function encodeOutcome(outcome: CommandOutcome, encoding: ReplyEncoding) {
  return 'error' in outcome ? outcome : { result: encodeReply(outcome.result, encoding) }
}

function namesOf(commands: readonly RedisCommand[]): string {
  const names = commands.slice(0, LOGGED_NAMES).map(([name]) => name)
  return commands.length > LOGGED_NAMES ? `${names.join(',')},…` : names.join(',')
}

function logRequest(log: Logger | undefined) {
  return async function logRequest(c: Context<RedisRoutesEnv>, next: () => Promise<void>) {
    const started = performance.now()
    await next()
    const status = c.res.status
    const fields = {
      route: c.req.path,
      commands: c.get('redisCommandNames'),
      status,
      durationMs: Math.round(performance.now() - started),
    }
    if (status >= 500) log?.warn('redis request failed', fields)
    else log?.info('redis request', fields)
  }
}
