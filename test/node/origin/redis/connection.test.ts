import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../../local/services/redis-server'
import { createRedisConnection, waitUntilReady } from '../../../../origin/redis/connection'
import { createLogger } from '../../../../shared/log'

let server: RedisServer

beforeAll(async () => {
  server = await startRedisServer({ password: 'conn-test-secret' })
})

afterAll(async () => {
  await server?.stop()
})

describe('createRedisConnection', () => {
  it('refuses URLs that are not redis:// or rediss://', () => {
    expect(() => createRedisConnection('http://127.0.0.1:6379')).toThrow(TypeError)
    expect(() => createRedisConnection('not a url')).toThrow(/redis:\/\/ or rediss:\/\//)
  })

  it('turns TLS on for rediss:// with the host as server name, and off for redis://', () => {
    const tls = createRedisConnection('rediss://cache.example.internal:6379', { lazyConnect: true })
    const plain = createRedisConnection('redis://127.0.0.1:6379', { lazyConnect: true })
    expect(tls.options.tls).toMatchObject({ servername: 'cache.example.internal' })
    expect(plain.options.tls).toBeUndefined()
    tls.disconnect()
    plain.disconnect()
  })

  it('is configured to fail fast', () => {
    const redis = createRedisConnection('redis://127.0.0.1:6379', { lazyConnect: true })
    expect(redis.options).toMatchObject({
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 2_000,
    })
    redis.disconnect()
  })

  it('logs one line per outage and one on recovery, without address or password', async () => {
    const lines: string[] = []
    const log = createLogger({}, (line) => lines.push(line))
    const redis = createRedisConnection(server.url, { log })
    try {
      expect(await waitUntilReady(redis, 5_000)).toBe(true)
      expect(await redis.ping()).toBe('PONG')
      await server.stop()
      await new Promise((resolve) => setTimeout(resolve, 400))
      const started = Date.now()
      expect(await waitUntilReady(redis, 5_000)).toBe(false)
      expect(Date.now() - started).toBeLessThan(300)
      await server.restart()
      await expect.poll(() => redis.status, { timeout: 5_000 }).toBe('ready')
      const messages = lines.map((line) => JSON.parse(line).msg)
      expect(messages).toEqual(['redis connection lost', 'redis connection restored'])
      expect(lines.join('\n')).not.toMatch(/127\.0\.0\.1|conn-test-secret|ECONNREFUSED 1/)
    } finally {
      redis.disconnect()
    }
  })
})

describe('waitUntilReady', () => {
  it('connects a lazy connection and resolves true once ready', async () => {
    const redis = createRedisConnection(server.url, { lazyConnect: true })
    try {
      expect(redis.status).toBe('wait')
      expect(await waitUntilReady(redis, 5_000)).toBe(true)
      expect(await waitUntilReady(redis, 1)).toBe(true)
    } finally {
      redis.disconnect()
    }
  })

  it('gives up after the timeout when the server never answers', async () => {
    server.pause()
    const redis = createRedisConnection(server.url, { lazyConnect: true })
    try {
      const started = Date.now()
      expect(await waitUntilReady(redis, 200)).toBe(false)
      expect(Date.now() - started).toBeLessThan(1_000)
    } finally {
      redis.disconnect()
      server.resume()
    }
  })
})
