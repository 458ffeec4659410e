/**
 * The Redis commands the origin forwards: what a session store, a rate limiter and an
 * idempotency cache need, and nothing that could read the whole keyspace (KEYS, SCAN),
 * wipe it (FLUSHALL, FLUSHDB), run code (EVAL, FUNCTION), reconfigure or stop the server
 * (CONFIG, DEBUG, SHUTDOWN, CLIENT, SELECT, MIGRATE), or change the state of the shared
 * connection (MULTI/EXEC/WATCH in a body, SUBSCRIBE, MONITOR, blocking pops): every
 * request goes through one ioredis connection, so a command that holds it or changes
 * its mode would stall or corrupt every other caller.
 */
export const ALLOWED_COMMANDS: ReadonlySet<string> = new Set([
  // strings
  'GET',
  'SET',
  'SETNX',
  'SETEX',
  'PSETEX',
  'GETDEL',
  'GETEX',
  'MGET',
  'MSET',
  // keys and expiry
  'DEL',
  'UNLINK',
  'EXISTS',
  'EXPIRE',
  'PEXPIRE',
  'EXPIREAT',
  'PEXPIREAT',
  'TTL',
  'PTTL',
  'PERSIST',
  // counters
  'INCR',
  'INCRBY',
  'DECR',
  'DECRBY',
  // hashes
  'HGET',
  'HSET',
  'HSETNX',
  'HDEL',
  'HGETALL',
  'HMGET',
  'HINCRBY',
  'HEXISTS',
  'HLEN',
  'HKEYS',
  'HVALS',
  // sets
  'SADD',
  'SREM',
  'SMEMBERS',
  'SISMEMBER',
  'SMISMEMBER',
  'SCARD',
  // sorted sets (sliding-window rate limits, token families ordered by time)
  'ZADD',
  'ZREM',
  'ZRANGE',
  'ZRANGEBYSCORE',
  'ZREMRANGEBYSCORE',
  'ZREMRANGEBYRANK',
  'ZCARD',
  'ZSCORE',
  'ZCOUNT',
  'ZINCRBY',
  'ZRANK',
  // connection and server (harmless, used by health checks)
  'PING',
  'TIME',
  'ECHO',
])

/**
 * The first command of a batch the allow-list refuses, as an Upstash-style error
 * message, or undefined when every command may run. Names are compared upper-cased.
 *
 * @example
 * refusedCommand([['GET', 'a'], ['KEYS', '*']]) // "ERR command 'KEYS' is not allowed"
 */
export function refusedCommand(commands: readonly (readonly string[])[]): string | undefined {
  for (const [name = ''] of commands) {
    if (!ALLOWED_COMMANDS.has(name.toUpperCase())) {
      return `ERR command '${name.toUpperCase()}' is not allowed`
    }
  }
  return undefined
}
