import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { isRegion } from '../shared/regions'
import { type LocalStack, type OriginSet, workerVarsFor } from './stack'

export type StackControl = {
  url: string
  /** Outbound requests the egress guard refused, reported by the test worker. */
  violations: string[]
  stop(): Promise<void>
}

/**
 * A loopback control API for tests running inside workerd, which cannot call Node code:
 * they ask here for a private set of origins (own Redis, same table) and break it at will
 * (stop an origin, stop Redis) without disturbing tests in other files.
 */
export async function startStackControl(stack: LocalStack): Promise<StackControl> {
  const sets = new Map<string, OriginSet>()
  const violations: string[] = []
  const app = new Hono()

  // `primary` is the stack's own set: the dev CLI stops and starts its origins by hand.
  const setOf = (id: string) => {
    const set = id === 'primary' ? stack : sets.get(id)
    if (!set) throw new Error(`no origin set ${id}`)
    return set
  }

  app.post('/origin-sets', async (c) => {
    const set = await stack.startOriginSet()
    const id = crypto.randomUUID()
    sets.set(id, set)
    return c.json({ id, vars: { ...stack.workerVars(), ...workerVarsFor(set) } })
  })
  app.post('/origin-sets/:id/origins/:region/:action{stop|start}', async (c) => {
    const region = c.req.param('region')
    if (!isRegion(region)) return c.json({ error: 'unknown region' }, 400)
    const set = setOf(c.req.param('id'))
    await (c.req.param('action') === 'stop' ? set.stopOrigin(region) : set.startOrigin(region))
    return c.json({ ok: true })
  })
  app.post('/origin-sets/:id/redis/:action{stop|start}', async (c) => {
    const set = setOf(c.req.param('id'))
    await (c.req.param('action') === 'stop' ? set.redis.stop() : set.redis.restart())
    return c.json({ ok: true })
  })
  app.delete('/origin-sets/:id', async (c) => {
    if (c.req.param('id') === 'primary') return c.json({ error: 'the primary set stays up' }, 400)
    const set = setOf(c.req.param('id'))
    sets.delete(c.req.param('id'))
    await set.stop()
    return c.json({ ok: true })
  })
  // Requests each origin of a set served, by first path segment (bench/ counts round trips).
  app.get('/origin-sets/:id/stats', (c) => {
    const set = setOf(c.req.param('id'))
    const counts = Object.fromEntries(
      Object.entries(set.origins).map(([region, origin]) => [region, origin.requestCounts()]),
    )
    return c.json({ origins: counts })
  })
  app.post('/violations', async (c) => {
    violations.push(await c.req.text())
    return c.json({ ok: true })
  })
  // The egress test makes one deliberate violation and withdraws it here.
  app.post('/violations/forget', async (c) => {
    const line = await c.req.text()
    const index = violations.indexOf(line)
    if (index >= 0) violations.splice(index, 1)
    return c.json({ ok: index >= 0 }, index >= 0 ? 200 : 404)
  })

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    violations,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await Promise.all([...sets.values()].map((set) => set.stop()))
    },
  }
}
