import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisRoutes } from '../../../../origin/redis/routes'
import { type Harness, startHarness, TOKEN, uniqueKey } from './harness'

let h: Harness

beforeAll(async () => {
  h = await startHarness({ maxCommands: 5, maxBodyBytes: 4_096 })
})

afterAll(async () => {
  await h?.close()
})

const get = (key: string) => JSON.stringify(['GET', key])

describe('bearer token', () => {
  it('refuses a wrong token with 401, which the client reports as an UpstashError', async () => {
    const redis = h.client({ token: `${TOKEN}x` })
    await expect(redis.get(uniqueKey('any'))).rejects.toMatchObject({
      name: 'UpstashError',
      message: expect.stringMatching(/^Unauthorized/),
    })
  })

  it('refuses a missing, non-Bearer, prefix or empty token and accepts any scheme case', async () => {
    const key = uniqueKey('auth')
    const cases: [string | undefined, number][] = [
      [undefined, 401],
      [`Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, 401],
      [`Bearer ${TOKEN.slice(0, -1)}`, 401],
      ['Bearer ', 401],
      [`bearer ${TOKEN}`, 200],
    ]
    for (const [authorization, status] of cases) {
      const headers =
        authorization === undefined ? { Authorization: '' } : { Authorization: authorization }
      const response = await h.post('', get(key), headers)
      expect(response.status, String(authorization)).toBe(status)
      if (status === 401) {
        expect(response.headers.get('WWW-Authenticate')).toBe('Bearer')
        expect(await response.json()).toEqual({ error: expect.stringMatching(/Unauthorized/) })
      }
    }
  })
})

describe('command allow-list', () => {
  it('refuses FLUSHALL and KEYS through the client and leaves the data alone', async () => {
    const redis = h.client({ enableAutoPipelining: false })
    const key = uniqueKey('survivor')
    await redis.set(key, 'still here')
    await expect(redis.flushall()).rejects.toThrow(/ERR command 'FLUSHALL' is not allowed/)
    await expect(redis.keys('*')).rejects.toThrow(/ERR command 'KEYS' is not allowed/)
    await expect(h.client().flushdb()).rejects.toThrow(/'FLUSHDB' is not allowed/)
    expect(await redis.get(key)).toBe('still here')
  })

  it('refuses dangerous commands in any case with a 400 and Upstash error body', async () => {
    const refused = [
      ['fLuShAlL'],
      ['CONFIG', 'SET', 'requirepass', 'x'],
      ['EVAL', 'return 1', '0'],
      ['EVALSHA', 'abc', '0'],
      ['SCRIPT', 'FLUSH'],
      ['SCAN', '0'],
      ['MULTI'],
      ['EXEC'],
      ['WATCH', 'k'],
      ['SUBSCRIBE', 'c'],
      ['MONITOR'],
      ['DEBUG', 'SLEEP', '1'],
      ['SHUTDOWN'],
      ['CLIENT', 'KILL', 'TYPE', 'normal'],
      ['SELECT', '1'],
      ['BLPOP', 'k', '0'],
    ]
    for (const command of refused) {
      const response = await h.post('', JSON.stringify(command))
      expect(response.status, command[0]).toBe(400)
      expect(await response.json()).toEqual({
        error: `ERR command '${command[0]?.toUpperCase()}' is not allowed`,
      })
    }
    expect(await h.redis.ping()).toBe('PONG')
  })

  it('refuses a whole pipeline or transaction holding one refused command, running none', async () => {
    for (const path of ['/pipeline', '/multi-exec']) {
      const key = uniqueKey('batch')
      const body = JSON.stringify([
        ['SET', key, 'v'],
        ['KEYS', '*'],
      ])
      const response = await h.post(path, body)
      expect(response.status, path).toBe(400)
      expect(await response.json()).toEqual({ error: "ERR command 'KEYS' is not allowed" })
      expect(await h.redis.exists(key)).toBe(0)
    }
  })
})

describe('request validation', () => {
  const malformed: [string, string, RegExp][] = [
    ['', 'not json', /not valid JSON/],
    ['', '', /not valid JSON/],
    ['', '{"cmd":"GET"}', /malformed request body/],
    ['', '[]', /malformed request body/],
    ['', '[1, "k"]', /malformed request body at \[0\]/],
    ['', '["SET", "k", {"a": 1}]', /at \[2\]: expected a string, number or boolean/],
    ['', '["SET", "k", null]', /at \[2\]/],
    ['/pipeline', '[]', /at least one command/],
    ['/pipeline', '["GET", "k"]', /malformed request body at \[0\]/],
    ['/multi-exec', '[["GET", "k"], "GET"]', /at \[1\]/],
    ['/pipeline', JSON.stringify(Array(6).fill(['PING'])), /at most 5 commands/],
  ]
  it.each(malformed)('answers 400 {error} to POST %s %s', async (path, body, message) => {
    const response = await h.post(path, body)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: expect.stringMatching(message) })
  })

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const key = uniqueKey('large')
    const body = JSON.stringify(['SET', key, 'x'.repeat(5_000)])
    const declared = await h.post('', body)
    expect(declared.status).toBe(413)
    expect(await declared.json()).toEqual({ error: expect.stringMatching(/larger than 4096/) })
    const streamed = await fetch(h.url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect(await h.redis.exists(key)).toBe(0)
  })

  it('accepts numbers and booleans as arguments, as the client sends them', async () => {
    const key = uniqueKey('typed')
    const response = await h.post('', JSON.stringify(['SET', key, true, 'EX', 60]))
    expect(await response.json()).toEqual({ result: 'OK' })
    expect(await h.redis.get(key)).toBe('true')
    expect(await h.redis.ttl(key)).toBeGreaterThan(50)
  })

  it('only answers POST', async () => {
    const response = await fetch(`${h.url}/get/k`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
    expect(response.status).toBe(404)
  })
})

describe('createRedisRoutes options', () => {
  it('refuses to build an endpoint with no authentication unless told an outer layer checks', () => {
    expect(() => createRedisRoutes({ redis: h.redis })).toThrow(/trustOuterAuth/)
    expect(() => createRedisRoutes({ redis: h.redis, token: 'short' })).toThrow(/16 characters/)
    expect(() => createRedisRoutes({ redis: h.redis, token: TOKEN, maxCommands: 0 })).toThrow(
      /maxCommands must be a positive integer/,
    )
  })

  it('serves without a bearer token when trustOuterAuth is set', async () => {
    const app = createRedisRoutes({ redis: h.redis, trustOuterAuth: true })
    const response = await app.request('/', { method: 'POST', body: '["PING"]' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ result: 'PONG' })
  })
})
