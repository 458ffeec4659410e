import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiClient } from './support/api'
import { mintApplePurchase } from './support/dev-env'
import { type DevStack, startDevStack } from './support/dev-stack'
import { accepts, readyLinePorts, stillAccepting } from './support/ports'

type Health = {
  status: string
  nearestRegion: string
  degraded: string[]
  regions: { region: string; status: string }[]
}
type OriginStats = { origins: Record<string, Record<string, number>> }

describe('npm run dev: the whole local stack', () => {
  let dev: DevStack
  let exited: Promise<number | null> | undefined
  beforeAll(async () => {
    dev = await startDevStack()
  })
  // The last test stops the stack itself; this only cleans up when it did not get there.
  afterAll(async () => {
    await (exited ?? dev?.stop())
  })

  const health = async () => {
    const res = await fetch(`${dev.apiUrl}/health`)
    return { status: res.status, body: (await res.json()) as Health }
  }
  const control = async (path: string, method = 'POST') => {
    const res = await fetch(`${dev.controlUrl}${path}`, { method })
    expect(res.status).toBe(200)
    return res.json()
  }
  /** Data API calls each region's origin has served (counted by the origin server). */
  const dataCalls = async () => {
    const stats = (await control('/origin-sets/primary/stats', 'GET')) as OriginStats
    return (region: string) => stats.origins[region]?.data ?? 0
  }

  it('serves /health with three healthy regions and /openapi.json', async () => {
    const { status, body } = await health()
    expect(status).toBe(200)
    expect(body.status).toBe('ok')
    expect(body.regions.filter((r) => r.status === 'healthy')).toHaveLength(3)

    const doc = await fetch(`${dev.apiUrl}/openapi.json`)
    expect(doc.status).toBe(200)
    const openapi = (await doc.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(openapi.openapi).toBe('3.1.0')
    expect(Object.keys(openapi.paths)).toContain('/health')
  })

  it('with the origin it tries first killed, reads and writes fail over and /health says degraded', async () => {
    const api = apiClient(dev.apiUrl)
    const user = await api.register()
    const { body: before } = await health()
    // dev.ts turns off Miniflare's cf fetch, so every caller is its placeholder (Austin, TX):
    // us-east-1 is nearest, and a user registered here has it as their home region.
    const first = before.nearestRegion
    expect(first).toBe('us-east-1')
    const me = await api.call('/api/me', { token: user.accessToken })
    expect(((await me.json()) as { user: { homeRegion: string } }).user.homeRegion).toBe(first)
    const others = before.regions.map((r) => r.region).filter((region) => region !== first)
    const minted = await mintApplePurchase(dev, 'academic_writing', user.id)
    const callsBefore = await dataCalls()

    await control(`/origin-sets/primary/origins/${first}/stop`)
    try {
      const { status, body } = await health()
      expect(status).toBe(200)
      expect(body.status).toBe('degraded')
      expect(body.degraded).toEqual([first])

      const purchase = await api.call('/api/purchases/apple', {
        token: user.accessToken,
        body: { signedTransaction: minted.signedTransaction },
      })
      expect(purchase.status).toBe(201)
      const { granted } = ((await purchase.json()) as { purchase: { granted: number } }).purchase
      expect(granted).toBeGreaterThan(0)
      expect((await api.entitlements(user)).academic_writing).toMatchObject({ remaining: granted })
      const exported = await api.call('/api/me/export', { token: user.accessToken })
      expect(exported.status).toBe(200)
      expect(await exported.json()).toMatchObject({
        user: { id: user.id },
        purchases: [expect.objectContaining({ transactionId: minted.transactionId })],
      })

      const callsAfter = await dataCalls()
      const servedElsewhere = others.reduce((n, r) => n + callsAfter(r) - callsBefore(r), 0)
      expect(servedElsewhere).toBeGreaterThanOrEqual(3)
    } finally {
      await control(`/origin-sets/primary/origins/${first}/start`)
    }
    const { body: back } = await health()
    expect(back.status).toBe('ok')
  })

  it('answers unknown routes in the error shape through wrangler dev', async () => {
    const res = await fetch(`${dev.apiUrl}/api/nothing-here`, {
      headers: { 'x-request-id': 'e2e-request-0001' },
    })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String), requestId: 'e2e-request-0001' },
    })
  })

  it('Ctrl-C stops every child it started: exit 0, then every port of the ready line refuses', {
    timeout: 120_000,
  }, async () => {
    const ports = readyLinePorts(dev.output())
    expect(ports.map((p) => p.port)).toContain(Number(new URL(dev.apiUrl).port))
    // API, three origins, DynamoDB Local, Redis and the stack control at least.
    expect(ports.length).toBeGreaterThanOrEqual(7)
    const listening = await Promise.all(ports.map((p) => accepts(p.port)))
    expect(ports.filter((_, i) => !listening[i])).toEqual([])

    exited = dev.stop()
    expect(await exited).toBe(0)
    expect(await stillAccepting(ports)).toEqual([])
  })
})
