import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Redis as UpstashRedis } from '@upstash/redis'
import { Hono } from 'hono'
import type { Redis } from 'ioredis'
import {
  type RedisServer,
  redisServerAvailable,
  startRedisServer,
} from '../../../../local/services/redis-server'
import { createRedisConnection, waitUntilReady } from '../../../../origin/redis/connection'
import { createRedisRoutes, type RedisRoutesOptions } from '../../../../origin/redis/routes'
import { createLogger } from '../../../../shared/log'

export const TOKEN = 'test-token-0123456789abcdef'

/**
 * `@upstash/redis` auto-pipelines by default (single commands travel as `/pipeline`
 * batches); `enableAutoPipelining: false` sends each one to `POST /`.
 */
export type ClientOptions = {
  token?: string
  responseEncoding?: false
  enableAutoPipelining?: boolean
}

export type Harness = {
  /** Base URL of the mounted endpoint, e.g. http://127.0.0.1:1234/redis */
  url: string
  server: RedisServer
  /** The origin's own connection (the one the routes use). */
  redis: Redis
  /** Every log line the routes wrote, as parsed JSON. */
  logs: Record<string, unknown>[]
  /** A real `@upstash/redis` client pointed at the endpoint. */
  client(options?: ClientOptions): UpstashRedis
  /** A raw POST, for what the client cannot send. */
  post(path: string, body: string, headers?: Record<string, string>): Promise<Response>
  close(): Promise<void>
}

/** A key no other test uses. */
export const uniqueKey = (name: string) => `test:${randomUUID()}:${name}`

/**
 * A real redis-server, the origin's connection to it, and the routes mounted at `/redis`
 * in a parent app (as `origin/app.ts` does), served over HTTP on 127.0.0.1.
 */
export async function startHarness(
  options: Partial<Omit<RedisRoutesOptions, 'redis' | 'log'>> = {},
): Promise<Harness> {
  if (!redisServerAvailable()) throw new Error('redis-server is not on PATH; tests need it')
  const server = await startRedisServer()
  const redis = createRedisConnection(server.url, { commandTimeoutMs: 1_000 })
  // Tests also use this connection directly, and it has no offline queue.
  if (!(await waitUntilReady(redis, 5_000))) throw new Error('could not connect to redis-server')
  const logs: Record<string, unknown>[] = []
  const log = createLogger({}, (line) => logs.push(JSON.parse(line)))
  const app = new Hono()
  app.route('/redis', createRedisRoutes({ redis, log, token: TOKEN, ...options }))
  const http = await listen(app)
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/redis`
  return {
    url,
    server,
    redis,
    logs,
    client: ({ token = TOKEN, ...rest } = {}) =>
      new UpstashRedis({ url, token, retry: false, enableTelemetry: false, ...rest }),
    post: (path, body, headers = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        body,
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/json',
          ...headers,
        },
      }),
    async close() {
      // fetch keeps connections alive; close them or `close()` waits for their timeout.
      if ('closeAllConnections' in http) http.closeAllConnections()
      await new Promise((resolve) => http.close(resolve))
      redis.disconnect()
      await server.stop()
    },
  }
}

function listen(app: Hono): Promise<ReturnType<typeof serve>> {
  return new Promise((resolve) => {
    const http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(http))
  })
}
