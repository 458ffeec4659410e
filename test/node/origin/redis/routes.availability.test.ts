import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisConnection } from '../../../../origin/redis/connection'
import { createRedisRoutes } from '../../../../origin/redis/routes'
import { type Harness, startHarness, uniqueKey } from './harness'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})

afterEach(async () => {
  // Every test leaves Redis up for the next one, whatever it did.
  h.server.resume()
  if (!h.server.running) await h.server.restart()
})

afterAll(async () => {
  await h?.close()
})

/** Retries until the endpoint answers 200 again (the connection reconnects on its own). */
async function untilUp(send: () => Promise<Response>, timeoutMs = 5_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const response = await send()
    if (response.status === 200 || Date.now() > deadline) return response
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('Redis outages', () => {
  it('answers 503 {error} at once while Redis is down, then recovers after a restart', async () => {
    const key = uniqueKey('outage')
    await h.server.stop()
    for (const [path, body] of [
      ['', JSON.stringify(['GET', key])],
      ['/pipeline', JSON.stringify([['GET', key]])],
      ['/multi-exec', JSON.stringify([['INCR', key]])],
    ] as const) {
      const started = Date.now()
      const response = await h.post(path, body)
      expect(response.status, path).toBe(503)
      expect(response.headers.get('Retry-After')).toBe('1')
      expect(await response.json()).toEqual({ error: expect.stringMatching(/unavailable/) })
      expect(Date.now() - started).toBeLessThan(1_500)
    }
    await expect(h.client().get(key)).rejects.toMatchObject({ name: 'UpstashError' })

    await h.server.restart()
    const response = await untilUp(() => h.post('', JSON.stringify(['SET', key, 'back'])))
    expect(response.status).toBe(200)
    expect(await h.client().get(key)).toBe('back')
    expect(h.logs.some((line) => line.status === 503 && line.level === 'warn')).toBe(true)
  })

  it('answers 503 when Redis hangs (command timeout), and serves again once it resumes', async () => {
    const key = uniqueKey('hung')
    h.server.pause()
    const started = Date.now()
    const response = await h.post('', JSON.stringify(['GET', key]))
    expect(response.status).toBe(503)
    expect(Date.now() - started).toBeLessThan(3_000)
    h.server.resume()
    expect((await untilUp(() => h.post('', JSON.stringify(['GET', key])))).status).toBe(200)
  })

  it('waits for a connection still being set up (a cold start) instead of failing', async () => {
    const redis = createRedisConnection(h.server.url, { lazyConnect: true })
    try {
      const app = new Hono()
      app.route('/redis', createRedisRoutes({ redis, trustOuterAuth: true }))
      expect(redis.status).toBe('wait')
      const response = await app.request('/redis', { method: 'POST', body: '["PING"]' })
      expect(await response.json()).toEqual({ result: 'PONG' })
    } finally {
      redis.disconnect()
    }
  })
})
