import { env, exports } from 'cloudflare:workers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApp, type PrivateOrigins, privateOrigins } from '../support/stack'

type HealthJson = {
  status: string
  version: string
  degraded: string[]
  regions: { region: string; status: string; latencyMs: number | null; breaker: string | null }[]
  unconfigured: string[]
  missingVariables: string[]
}

describe('GET /health', () => {
  it('reports three healthy regions of the real local stack', async () => {
    const res = await exports.default.fetch('http://api.test/health')
    expect(res.status).toBe(200)
    const body = (await res.json()) as HealthJson
    expect(body.status).toBe('ok')
    expect(body.version).toMatch(/\d+\.\d+\.\d+/)
    expect(body.degraded).toEqual([])
    expect(body.regions.map((r) => r.region).sort()).toEqual([
      'ap-southeast-1',
      'eu-west-1',
      'us-east-1',
    ])
    for (const region of body.regions) {
      expect(region.status).toBe('healthy')
      expect(region.latencyMs).toBeGreaterThanOrEqual(0)
    }
  })

  it('answers 200 naming every region unconfigured when the edge credentials are missing', async () => {
    const { EDGE_AWS_ACCESS_KEY_ID: _id, EDGE_AWS_SECRET_ACCESS_KEY: _secret, ...bare } = env
    const res = await callApp(bare)('/health')
    expect(res.status).toBe(200)
    const body = (await res.json()) as HealthJson
    expect(body.status).toBe('unconfigured')
    expect(body.unconfigured.sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1'])
    expect(body.missingVariables).toEqual(['EDGE_AWS_ACCESS_KEY_ID', 'EDGE_AWS_SECRET_ACCESS_KEY'])
    expect(body.regions.every((r) => r.latencyMs === null && r.breaker === null)).toBe(true)
  })

  it('counts a region with a .invalid placeholder URL as unconfigured and probes the others', async () => {
    const res = await callApp({ ...env, ORIGIN_URL_AP_SOUTHEAST_1: 'https://origin-ap.invalid/' })(
      '/health',
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as HealthJson
    expect(body.status).toBe('ok')
    expect(body.unconfigured).toEqual(['ap-southeast-1'])
    expect(body.missingVariables).toEqual(['ORIGIN_URL_AP_SOUTHEAST_1'])
    const healthy = body.regions.filter((r) => r.status === 'healthy').map((r) => r.region)
    expect(healthy.sort()).toEqual(['eu-west-1', 'us-east-1'])
  })

  describe('with origins going down', () => {
    let origins: PrivateOrigins
    beforeAll(async () => {
      origins = await privateOrigins()
    })
    afterAll(() => origins.dispose())

    it('stays 200 while one region answers and names the degraded ones', async () => {
      const call = callApp(origins.env)
      await origins.stopOrigin('eu-west-1')
      const res = await call('/health')
      expect(res.status).toBe(200)
      const body = (await res.json()) as HealthJson
      expect(body.status).toBe('degraded')
      expect(body.degraded).toEqual(['eu-west-1'])

      await origins.stopOrigin('us-east-1')
      await origins.stopOrigin('ap-southeast-1')
      const down = await call('/health')
      expect(down.status).toBe(503)
      expect(((await down.json()) as HealthJson).status).toBe('down')

      await origins.startOrigin('eu-west-1')
      const back = await call('/health')
      expect(back.status).toBe(200)
      expect(((await back.json()) as HealthJson).degraded.sort()).toEqual([
        'ap-southeast-1',
        'us-east-1',
      ])
    })
  })
})
