import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type RedisServer,
  redisServerAvailable,
  startRedisServer,
} from '../../../local/services/redis-server'

const started: RedisServer[] = []

async function start(options: Parameters<typeof startRedisServer>[0] = {}) {
  const server = await startRedisServer(options)
  started.push(server)
  return server
}

/** A one-shot client that never retries, so a down server fails the call at once. */
async function withClient<T>(url: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // No INFO on connect, so a refused AUTH or a paused server shows up on the command.
    enableReadyCheck: false,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    commandTimeout: 500,
  })
  redis.on('error', () => {})
  try {
    await redis.connect()
    return await use(redis)
  } finally {
    redis.disconnect()
  }
}

const ping = (url: string) =>
  withClient(url, (redis) => redis.ping()).catch((error: Error) => error.message)

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()))
})

describe('redisServerAvailable', () => {
  it('finds redis-server on PATH and not a binary that does not exist', () => {
    expect(redisServerAvailable()).toBe(true)
    expect(redisServerAvailable('redis-server-that-does-not-exist')).toBe(false)
    expect(redisServerAvailable('/nonexistent/redis-server')).toBe(false)
  })
})

describe('startRedisServer', () => {
  it('answers PING on a free loopback port with protected mode and no persistence', async () => {
    const server = await start()
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`)
    expect(server.port).toBeGreaterThan(0)
    expect(server.running).toBe(true)
    expect(await ping(server.url)).toBe('PONG')
    const config = await withClient(server.url, async (redis) =>
      redis.config('GET', 'bind', 'protected-mode', 'appendonly', 'save'),
    )
    const settings = Object.fromEntries(
      (config as string[]).flatMap((v, i, all) => (i % 2 ? [] : [[v, all[i + 1]]])),
    )
    expect(settings).toMatchObject({
      bind: '127.0.0.1',
      'protected-mode': 'yes',
      appendonly: 'no',
      save: '',
    })
  })

  it('gives two servers distinct ports and honours an explicit port', async () => {
    const first = await start()
    const second = await start()
    expect(second.port).not.toBe(first.port)
    await first.stop()
    const third = await start({ port: first.port })
    expect(third.port).toBe(first.port)
    expect(await ping(third.url)).toBe('PONG')
  })

  it('requires the password when one is set and carries it in the url', async () => {
    const server = await start({ password: 'test-pass_1' })
    expect(server.url).toBe(`redis://:test-pass_1@127.0.0.1:${server.port}`)
    expect(await ping(server.url)).toBe('PONG')
    expect(await ping(`redis://127.0.0.1:${server.port}`)).toMatch(/NOAUTH/)
  })

  it('rejects a password that cannot be written into the config', async () => {
    await expect(startRedisServer({ password: 'has space' })).rejects.toThrow(TypeError)
  })

  it('fails with the server output when the port is taken', async () => {
    const server = await start()
    await expect(start({ port: server.port })).rejects.toThrow(/exited: .*Address already in use/s)
  })

  it('stops (idempotently) and restarts on the same port, empty without a dir', async () => {
    const server = await start()
    await withClient(server.url, (redis) => redis.set('restart:key', 'v'))
    await server.stop()
    await server.stop()
    expect(server.running).toBe(false)
    expect(await ping(server.url)).toMatch(/ECONNREFUSED|Connection is closed/)
    await server.restart()
    expect(server.running).toBe(true)
    expect(await ping(server.url)).toBe('PONG')
    expect(await withClient(server.url, (redis) => redis.get('restart:key'))).toBeNull()
  })

  it('keeps data across a restart when given a persistence dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redis-persist-test-'))
    try {
      const server = await start({ dir })
      await withClient(server.url, (redis) => redis.set('persist:key', 'kept'))
      await server.restart()
      expect(await withClient(server.url, (redis) => redis.get('persist:key'))).toBe('kept')
      await server.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('pauses (commands hang) and resumes', async () => {
    const server = await start()
    server.pause()
    expect(await ping(server.url)).toMatch(/timed out|timeout/i)
    server.resume()
    expect(await ping(server.url)).toBe('PONG')
  })

  it('stops a paused server', async () => {
    const server = await start()
    server.pause()
    await server.stop()
    expect(server.running).toBe(false)
    expect(await ping(server.url)).toMatch(/ECONNREFUSED|Connection is closed/)
  })
})
