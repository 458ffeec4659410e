import { AwsV4Signer } from 'aws4fetch'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../../local/services/redis-server'
import { createRedisConnection, waitUntilReady } from '../../../../origin/redis/connection'
import {
  credentialsFromEnv,
  elastiCacheIamToken,
  iamPasswordProvider,
} from '../../../../origin/redis/iam-auth'

// AWS's published example key pair (IAM docs), as the reference signer's tests use it.
const EXAMPLE_KEYS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

describe('elastiCacheIamToken', () => {
  it("reproduces the AWS developer toolkit's known-answer serverless token", () => {
    // aws/developer-toolkit-elasticache, node/test/token-generator.test.ts: the token AWS's
    // own signer (@smithy/signature-v4) produces for these inputs.
    const token = elastiCacheIamToken({
      userId: 'testuser',
      cacheName: 'my-cache',
      region: 'us-east-1',
      credentials: EXAMPLE_KEYS,
      now: new Date('2025-01-01T00:00:00Z'),
    })
    expect(token).toBe(
      'my-cache/?Action=connect&User=testuser&ResourceType=ServerlessCache' +
        '&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20250101%2Fus-east-1%2Felasticache%2Faws4_request' +
        '&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=28f349fd92f74e0192de149a74743ae7d087bb136523c342bdd67632a8360023',
    )
  })

  it('signs the session token of temporary credentials as aws4fetch does', async () => {
    const credentials = { ...EXAMPLE_KEYS, sessionToken: 'IQoJb3JpZ2lu+/session=token' }
    const token = elastiCacheIamToken({
      userId: 'origin-user',
      cacheName: 'sessions',
      region: 'eu-west-1',
      credentials,
      now: new Date('2026-03-04T05:06:07Z'),
    })
    const signer = new AwsV4Signer({
      url: 'https://sessions/?Action=connect&User=origin-user&ResourceType=ServerlessCache&X-Amz-Expires=900',
      method: 'GET',
      service: 'elasticache',
      region: 'eu-west-1',
      ...credentials,
      signQuery: true,
      datetime: '20260304T050607Z',
    })
    const reference = new URL((await signer.sign()).url).searchParams
    const ours = new URLSearchParams(token.slice('sessions/?'.length))
    expect(token.startsWith('sessions/?')).toBe(true)
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(reference))
  })

  it('refuses cache names and user ids that would be signed as another host or user', () => {
    const base = { region: 'us-east-1', credentials: EXAMPLE_KEYS, now: new Date() }
    for (const cacheName of ['evil.com/x', 'My-Cache', 'my_cache', 'a--b', '']) {
      expect(() => elastiCacheIamToken({ ...base, userId: 'u', cacheName })).toThrow(/cacheName/)
    }
    for (const userId of ['user@host', 'User', '1user', '']) {
      expect(() => elastiCacheIamToken({ ...base, userId, cacheName: 'c' })).toThrow(/userId/)
    }
  })
})

describe('iamPasswordProvider', () => {
  it('refuses a URL without a valid user, or a bad cache name, when created', () => {
    const base = { cacheName: 'sessions', region: 'eu-west-1', credentials: () => EXAMPLE_KEYS }
    expect(() => iamPasswordProvider({ ...base, url: 'rediss://cache.example:6379' })).toThrow(
      /IAM user/,
    )
    expect(() =>
      iamPasswordProvider({ ...base, url: 'rediss://Origin@cache.example:6379' }),
    ).toThrow(/IAM user/)
    expect(() =>
      iamPasswordProvider({ ...base, url: 'rediss://origin@cache.example:6379', cacheName: 'a.b' }),
    ).toThrow(/cacheName/)
  })
})

describe('credentialsFromEnv', () => {
  it("reads Lambda's credential variables and names what is missing, never a value", () => {
    expect(
      credentialsFromEnv({
        AWS_ACCESS_KEY_ID: 'ASIA1',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_SESSION_TOKEN: 't',
      }),
    ).toEqual({ accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't' })
    expect(() => credentialsFromEnv({ AWS_SECRET_ACCESS_KEY: 'hidden-value' })).toThrow(
      /AWS_ACCESS_KEY_ID/,
    )
    expect(() => credentialsFromEnv({ AWS_SECRET_ACCESS_KEY: 'hidden-value' })).not.toThrow(
      /hidden-value/,
    )
  })
})

describe('createRedisConnection with an IAM password provider (real redis-server ACL)', () => {
  let server: RedisServer
  let admin: Redis
  const user = 'origin-user'

  beforeAll(async () => {
    server = await startRedisServer()
    admin = new Redis(server.url)
  })

  afterAll(async () => {
    admin?.disconnect()
    await server?.stop()
  })

  /** The user's only valid password becomes the token for `at`, as ElastiCache would check. */
  async function acceptOnly(at: Date): Promise<void> {
    const token = elastiCacheIamToken({
      userId: user,
      cacheName: 'sessions',
      region: 'eu-west-1',
      credentials: EXAMPLE_KEYS,
      now: at,
    })
    await admin.call('ACL', 'SETUSER', user, 'reset', 'on', `>${token}`, '~*', '+@all')
  }

  it('authenticates as the URL user and signs a fresh token for every reconnect', async () => {
    let now = new Date('2026-05-01T10:00:00Z')
    const url = server.url.replace('redis://', `redis://${user}@`)
    const password = iamPasswordProvider({
      url,
      cacheName: 'sessions',
      region: 'eu-west-1',
      credentials: () => EXAMPLE_KEYS,
      now: () => now,
    })
    await acceptOnly(now)
    const redis = createRedisConnection(url, { password })
    try {
      expect(await waitUntilReady(redis, 5_000)).toBe(true)
      expect(await redis.call('ACL', 'WHOAMI')).toBe(user)
      now = new Date('2026-05-01T22:00:00Z') // ElastiCache drops IAM connections after 12 h
      await acceptOnly(now)
      await admin.call('CLIENT', 'KILL', 'USER', user)
      await expect.poll(async () => redis.status, { timeout: 5_000 }).toBe('ready')
      expect(await redis.call('ACL', 'WHOAMI')).toBe(user)
    } finally {
      redis.disconnect()
    }
  })

  it('cannot reconnect with a token signed before the rotation (the control)', async () => {
    const then = new Date('2026-06-01T10:00:00Z')
    const url = server.url.replace('redis://', `redis://${user}@`)
    const stale = iamPasswordProvider({
      url,
      cacheName: 'sessions',
      region: 'eu-west-1',
      credentials: () => EXAMPLE_KEYS,
      now: () => then,
    })
    await acceptOnly(then)
    const redis = createRedisConnection(url, { password: stale })
    try {
      expect(await waitUntilReady(redis, 5_000)).toBe(true)
      await acceptOnly(new Date('2026-06-01T22:00:00Z'))
      await admin.call('CLIENT', 'KILL', 'USER', user)
      await new Promise((resolve) => setTimeout(resolve, 800))
      expect(redis.status).not.toBe('ready')
    } finally {
      redis.disconnect()
    }
  })
})
