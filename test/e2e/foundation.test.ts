import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevStack, startDevStack } from './support/dev-stack'

type Health = { status: string; degraded: string[]; regions: { region: string; status: string }[] }

describe('npm run dev: the whole local stack', () => {
  let dev: DevStack
  beforeAll(async () => {
    dev = await startDevStack()
  })
  afterAll(async () => {
    expect(await dev.stop()).toBe(0)
  })

  it('serves /health with three healthy regions and /openapi.json', async () => {
    const health = await fetch(`${dev.apiUrl}/health`)
    expect(health.status).toBe(200)
    const body = (await health.json()) as Health
    expect(body.status).toBe('ok')
    expect(body.regions.filter((r) => r.status === 'healthy')).toHaveLength(3)

    const doc = await fetch(`${dev.apiUrl}/openapi.json`)
    expect(doc.status).toBe(200)
    const openapi = (await doc.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(openapi.openapi).toBe('3.1.0')
    expect(Object.keys(openapi.paths)).toContain('/health')
  })

  it('keeps answering with one origin killed, and reports that region degraded', async () => {
    const stop = await fetch(`${dev.controlUrl}/origin-sets/primary/origins/eu-west-1/stop`, {
      method: 'POST',
    })
    expect(stop.status).toBe(200)
    const health = await fetch(`${dev.apiUrl}/health`)
    expect(health.status).toBe(200)
    const body = (await health.json()) as Health
    expect(body.status).toBe('degraded')
    expect(body.degraded).toEqual(['eu-west-1'])

    await fetch(`${dev.controlUrl}/origin-sets/primary/origins/eu-west-1/start`, { method: 'POST' })
    const back = (await (await fetch(`${dev.apiUrl}/health`)).json()) as Health
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
})
