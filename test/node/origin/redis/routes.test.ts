import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ClientOptions, type Harness, startHarness, uniqueKey } from './harness'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})

afterAll(async () => {
  await h?.close()
})

const transports: [string, ClientOptions][] = [
  ['auto-pipelined (POST /pipeline)', {}],
  ['one command per request (POST /)', { enableAutoPipelining: false }],
]

describe.each(transports)('the real @upstash/redis client, %s', (_name, transport) => {
  const client = (options: ClientOptions = {}) => h.client({ ...transport, ...options })

  it('sets and gets a string, and answers null for a missing key', async () => {
    const redis = client()
    const key = uniqueKey('string')
    expect(await redis.set(key, 'hello')).toBe('OK')
    expect(await redis.get(key)).toBe('hello')
    expect(await h.redis.get(key)).toBe('hello')
    expect(await redis.get(uniqueKey('missing'))).toBeNull()
  })

  it('round-trips objects through automatic JSON serialisation', async () => {
    const redis = client()
    const key = uniqueKey('object')
    const session = { userId: 'u-1', scopes: ['read', 'write'], exp: 1_700_000_000, ok: true }
    await redis.set(key, session)
    expect(await redis.get(key)).toEqual(session)
  })

  it('keeps unicode, emoji and a literal "OK" value intact with and without base64', async () => {
    const key = uniqueKey('unicode')
    const value = 'Résumé ✓ 日本語 🎓👩🏽‍🏫 \u0000 "quoted" \\ end'
    await client().set(key, value)
    expect(await client().get(key)).toBe(value)
    expect(await client({ responseEncoding: false }).get(key)).toBe(value)
    const okKey = uniqueKey('ok')
    await client().set(okKey, 'OK')
    expect(await client().get(okKey)).toBe('OK')
    expect(await client().mget(okKey, key)).toEqual(['OK', value])
  })

  it('sets expiry with ex and px, reads ttl, and expires keys', async () => {
    const redis = client()
    const ex = uniqueKey('ex')
    const px = uniqueKey('px')
    await redis.set(ex, 'v', { ex: 100 })
    await redis.set(px, 'v', { px: 150 })
    const ttl = await redis.ttl(ex)
    expect(ttl).toBeGreaterThan(95)
    expect(ttl).toBeLessThanOrEqual(100)
    expect(await redis.pttl(px)).toBeLessThanOrEqual(150)
    expect(await redis.expire(ex, 500)).toBe(1)
    expect(await redis.ttl(ex)).toBeGreaterThan(400)
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(await redis.get(px)).toBeNull()
    expect(await redis.ttl(uniqueKey('none'))).toBe(-2)
  })

  it('supports NX and GET options of SET', async () => {
    const redis = client()
    const key = uniqueKey('nx')
    expect(await redis.set(key, 'first', { nx: true })).toBe('OK')
    expect(await redis.set(key, 'second', { nx: true })).toBeNull()
    expect(await redis.set(key, 'third', { get: true })).toBe('first')
  })

  it('increments counters and reports a command error as an UpstashError', async () => {
    const redis = client()
    const key = uniqueKey('counter')
    expect(await redis.incr(key)).toBe(1)
    expect(await redis.incrby(key, 41)).toBe(42)
    expect(await redis.decr(key)).toBe(41)
    const text = uniqueKey('text')
    await redis.set(text, 'abc')
    await expect(redis.incr(text)).rejects.toThrow(/not an integer/)
  })

  it('stores hashes, sets and sorted sets', async () => {
    const redis = client()
    const hash = uniqueKey('hash')
    expect(await redis.hset(hash, { name: 'Ana', band: 7, meta: { a: 1 } })).toBe(3)
    expect(await redis.hget(hash, 'name')).toBe('Ana')
    // The client itself leaves non-integer numbers (7.5) as strings in hgetall.
    expect(await redis.hgetall(hash)).toEqual({ name: 'Ana', band: 7, meta: { a: 1 } })
    expect(await redis.hincrby(hash, 'count', 2)).toBe(2)
    expect(await redis.hmget(hash, 'name', 'nope')).toEqual({ name: 'Ana', nope: null })
    const set = uniqueKey('set')
    expect(await redis.sadd(set, 'a', 'b')).toBe(2)
    expect(await redis.sismember(set, 'b')).toBe(1)
    expect((await redis.smembers(set)).sort()).toEqual(['a', 'b'])
    const zset = uniqueKey('zset')
    await redis.zadd(zset, { score: 1, member: 'one' }, { score: 2, member: 'two' })
    expect(await redis.zrange(zset, 0, -1, { withScores: true })).toEqual(['one', 1, 'two', 2])
    expect(await redis.zremrangebyscore(zset, 0, 1)).toBe(1)
    expect(await redis.zcard(zset)).toBe(1)
  })

  it('runs a pipeline where one failing command does not stop the others', async () => {
    const redis = client()
    const key = uniqueKey('pipeline')
    const text = uniqueKey('pipeline-text')
    const results = await redis
      .pipeline()
      .set(key, 1)
      .incr(key)
      .set(text, 'abc')
      .incr(text)
      .get(key)
      .exec({ keepErrors: true })
    expect(results.map((r) => r.result)).toEqual(['OK', 2, 'OK', undefined, 2])
    expect(results[3]?.error).toMatch(/not an integer/)
    await expect(redis.pipeline().incr(text).exec()).rejects.toThrow(/Command 1 \[ incr \] failed/)
  })

  it('runs multi-exec atomically: nothing interleaves between its commands', async () => {
    const redis = client()
    const key = uniqueKey('multi')
    const rounds = Array.from({ length: 20 }, () =>
      redis.multi().incr(key).incr(key).get<number>(key).exec(),
    )
    const results = await Promise.all(rounds)
    // Inside one transaction the second INCR always sees the first: the pair is adjacent.
    for (const [first, second, read] of results) {
      expect(second).toBe(first + 1)
      expect(read).toBe(second)
    }
    expect(await redis.get(key)).toBe(40)
  })

  it('answers PING and TIME', async () => {
    const redis = client()
    expect(await redis.ping()).toBe('PONG')
    const [seconds] = await redis.time()
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(5)
  })
})

describe('Redis routes on the wire', () => {
  /** The commands Redis itself received (MONITOR on a separate connection) touching `key`. */
  async function commandsSeenBy(key: string, run: () => Promise<unknown>): Promise<string[]> {
    const watcher = new Redis(h.server.url)
    const monitor = await watcher.monitor()
    const seen: string[] = []
    monitor.on('monitor', (_time: string, args: string[]) => {
      const name = args[0]?.toUpperCase() ?? ''
      if (name === 'MULTI' || name === 'EXEC' || args.includes(key)) seen.push(name)
    })
    try {
      await run()
      await new Promise((resolve) => setTimeout(resolve, 100))
      return seen
    } finally {
      monitor.disconnect()
      watcher.disconnect()
    }
  }

  it('wraps /multi-exec in MULTI/EXEC and leaves /pipeline unwrapped', async () => {
    const key = uniqueKey('monitored')
    const multi = await commandsSeenBy(key, () =>
      h.client().multi().set(key, 1).incr(key).get(key).exec(),
    )
    expect(multi).toEqual(['MULTI', 'SET', 'INCR', 'GET', 'EXEC'])
    const pipeline = await commandsSeenBy(key, () =>
      h.client().pipeline().set(key, 1).incr(key).exec(),
    )
    expect(pipeline).toEqual(['SET', 'INCR'])
  })

  it('sends base64 on the wire when asked and plain strings otherwise', async () => {
    const key = uniqueKey('wire')
    await h.redis.set(key, 'é')
    const body = JSON.stringify(['GET', key])
    const encoded = await h.post('', body, { 'Upstash-Encoding': 'base64' })
    expect(await encoded.json()).toEqual({ result: Buffer.from('é').toString('base64') })
    const plain = await h.post('', body)
    expect(await plain.json()).toEqual({ result: 'é' })
    const ok = await h.post('', JSON.stringify(['SET', key, 'x']), { 'Upstash-Encoding': 'base64' })
    expect(await ok.json()).toEqual({ result: 'OK' })
  })

  it('aborts a transaction Redis refuses while queuing, running none of it', async () => {
    const key = uniqueKey('abort')
    const body = JSON.stringify([
      ['SET', key, 'v'],
      ['GET', key, 'extra-arg'],
    ])
    const response = await h.post('/multi-exec', body)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^EXECABORT .*GET/i) })
    expect(await h.redis.exists(key)).toBe(0)
  })

  it('logs route, command names, status and timing but never keys or values', async () => {
    const from = h.logs.length
    const key = uniqueKey('secret-session-key')
    await h.client({ enableAutoPipelining: false }).set(key, 'secret-session-value')
    await h.client().pipeline().set(key, 'secret-session-value').get(key).exec()
    const lines = h.logs.slice(from)
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'redis request', route: '/redis', commands: 'SET' }),
      expect.objectContaining({ route: '/redis/pipeline', commands: 'SET,GET', status: 200 }),
    ])
    expect(typeof lines[0]?.durationMs).toBe('number')
    expect(JSON.stringify(h.logs)).not.toMatch(/secret-session/)
  })
})
