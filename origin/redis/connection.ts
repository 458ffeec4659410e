import type { ConnectionOptions } from 'node:tls'
import { Redis } from 'ioredis'
import { describeError, type Logger } from '../../shared/log'

const CONNECT_TIMEOUT_MS = 2_000
const COMMAND_TIMEOUT_MS = 2_000
const MAX_RECONNECT_DELAY_MS = 1_000

export type RedisConnectionOptions = {
  /** TCP (and TLS) connect timeout. Default 2 s. */
  connectTimeoutMs?: number
  /** A command without a reply after this long fails (a hung Redis). Default 2 s. */
  commandTimeoutMs?: number
  /** Extra TLS options for `rediss://` URLs (e.g. a private CA in tests). */
  tls?: ConnectionOptions
  /** Connect on the first command instead of at once. */
  lazyConnect?: boolean
  /** Receives one line per outage and one per recovery; never the URL or a password. */
  log?: Logger
  /**
   * Asked for the AUTH password before every connection attempt, the first and each
   * reconnect: short-lived credentials such as ElastiCache IAM tokens (15 minutes) stay
   * fresh. The user name still comes from the URL.
   */
  password?: () => string
}

/**
 * An ioredis connection tuned to fail fast, because the worker treats a slow origin as a
 * down origin and fails over: no offline queue (a command while disconnected fails at
 * once instead of waiting for a reconnect), one attempt per command, short connect and
 * command timeouts, and reconnection in the background every 100 ms–1 s. `rediss://`
 * turns on TLS, which ElastiCache Serverless requires. After a failover the old primary
 * answers writes with READONLY; the connection is then re-established (the failed
 * command still reports its error).
 *
 * @example
 * const redis = createRedisConnection('rediss://my-cache.serverless.euw1.cache.amazonaws.com:6379')
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): Redis {
  const parsed = parseRedisUrl(url)
  const redis = new Redis(url, {
    connectTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    commandTimeout: options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // Connecting is started below, once the password provider is in place.
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    ...(parsed.protocol === 'rediss:'
      ? { tls: { servername: parsed.hostname, ...options.tls } }
      : {}),
  })
  watchConnection(redis, options.log)
  if (options.password) providePassword(redis, options.password)
  if (!options.lazyConnect) redis.connect().catch(() => {})
  return redis
}

/**
 * ioredis has no credentials provider, but reads `options.password` each time it connects
 * (`Redis#connect`, also used for reconnects): a getter there yields a fresh password per
 * attempt.
 */
function providePassword(redis: Redis, password: () => string): void {
  Object.defineProperty(redis.options, 'password', {
    get: password,
    enumerable: true,
    configurable: true,
  })
}

/**
 * Resolves true once the connection is ready, or false when it is not ready within
 * `timeoutMs`. A connection known to be down (reconnecting, closed) answers false at
 * once; one still being established (a cold start) is given the time to finish.
 *
 * @example
 * if (!(await waitUntilReady(redis, 1_000))) return c.json({ error: 'unavailable' }, 503)
 */
export function waitUntilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true)
  if (redis.status === 'wait') redis.connect().catch(() => {})
  if (!['wait', 'connecting', 'connect'].includes(redis.status)) return Promise.resolve(false)
  return new Promise((resolve) => {
    const settle = (ready: boolean) => () => {
      clearTimeout(timer)
      redis.off('ready', onReady)
      redis.off('close', onClose)
      resolve(ready)
    }
    const onReady = settle(true)
    const onClose = settle(false)
    const timer = setTimeout(onClose, timeoutMs)
    redis.once('ready', onReady)
    redis.once('close', onClose)
  })
}

function parseRedisUrl(url: string): URL {
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  if (parsed?.protocol !== 'redis:' && parsed?.protocol !== 'rediss:') {
    throw new TypeError('createRedisConnection: url must be a redis:// or rediss:// URL')
  }
  return parsed
}

/** Logs an outage once (not once per reconnect attempt) and its end. */
function watchConnection(redis: Redis, log: Logger | undefined): void {
  let down = false
  // Without a listener ioredis prints every connection error, host included, to stderr.
  redis.on('error', (error: unknown) => {
    if (down) return
    down = true
    log?.warn('redis connection lost', { reason: describeError(error) })
  })
  redis.on('ready', () => {
    if (!down) return
    down = false
    log?.info('redis connection restored')
  })
}
