import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONNECTION_COMMANDS,
  cacheAccessString,
} from '../../../../../infra/lib/origin/cache-access'
import { type RedisServer, startRedisServer } from '../../../../../local/services/redis-server'
import { createRedisConnection, waitUntilReady } from '../../../../../origin/redis/connection'
import { ALLOWED_COMMANDS } from '../../../../../shared/redis-commands'

const USER = 'origin-acl-test'
const PASSWORD = 'acl-test-password-0123456789'

let server: RedisServer
let admin: Redis

beforeAll(async () => {
  server = await startRedisServer()
  admin = new Redis(server.url)
  // The same rules the cache user gets in AWS, applied by a real Redis 7 ACL engine.
  await admin.call(
    'ACL',
    'SETUSER',
    USER,
    'reset',
    `>${PASSWORD}`,
    ...cacheAccessString().split(' '),
  )
})

afterAll(async () => {
  admin?.disconnect()
  await server?.stop()
})

/**
 * What Redis says about the cache user running `command` (with as many placeholder
 * arguments as the command's arity needs): 'OK', or the reason it would refuse.
 */
async function dryRun(command: string): Promise<string> {
  const [info] = (await admin.call('COMMAND', 'INFO', command)) as [[string, number]]
  const args = Array.from({ length: Math.abs(info[1]) - 1 }, () => '1')
  return String(await admin.call('ACL', 'DRYRUN', USER, command, ...args))
}

describe('cacheAccessString', () => {
  it('is an ACL Redis accepts, enabled, over every key, starting from no commands', () => {
    const rules = cacheAccessString().split(' ')
    expect(rules.slice(0, 3)).toEqual(['on', '~*', '-@all'])
    expect(rules).not.toContain('+@all')
  })

  it('lets the cache user run every command the origin forwards or sends itself', async () => {
    for (const command of [...ALLOWED_COMMANDS, ...CONNECTION_COMMANDS]) {
      expect(`${command}: ${await dryRun(command)}`).toBe(`${command}: OK`)
    }
  })

  it('refuses what the origin never forwards', async () => {
    for (const command of [
      'KEYS',
      'SCAN',
      'FLUSHALL',
      'EVAL',
      'SELECT',
      'SHUTDOWN',
      'SUBSCRIBE',
      'BLPOP',
    ]) {
      expect(await dryRun(command)).toMatch(/no permissions/)
    }
  })

  it("carries the origin's connection: ready check, transactions and pings as that user", async () => {
    const url = server.url.replace('redis://', `redis://${USER}:${PASSWORD}@`)
    const redis = createRedisConnection(url)
    try {
      expect(await waitUntilReady(redis, 5_000)).toBe(true)
      expect(await redis.ping()).toBe('PONG')
      const results = await redis.multi().set('acl:key', '1').incr('acl:key').exec()
      expect(results).toEqual([
        [null, 'OK'],
        [null, 2],
      ])
      await expect(redis.call('KEYS', '*')).rejects.toThrow(/NOPERM/)
    } finally {
      redis.disconnect()
    }
  })
})
