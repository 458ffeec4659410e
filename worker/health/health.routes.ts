import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { REGIONS } from '../../shared/regions'
import { jsonResponse, PUBLIC } from '../http/openapi'
import type { AppEnv } from '../types'

const RegionHealth = z.object({
  region: z.enum(REGIONS),
  status: z.enum(['healthy', 'degraded']),
  latencyMs: z.number().nullable(),
  breaker: z.enum(['closed', 'open', 'half-open']),
})

const Health = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    version: z.string(),
    environment: z.string(),
    nearestRegion: z.enum(REGIONS),
    regions: z.array(RegionHealth),
    degraded: z.array(z.enum(REGIONS)),
  })
  .openapi('Health')

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['Operations'],
  summary: "The worker's version and each region's origin status and latency",
  security: PUBLIC,
  responses: {
    200: jsonResponse('At least one region is healthy', Health, {
      status: 'degraded',
      version: '0.1.0',
      environment: 'production',
      nearestRegion: 'eu-west-1',
      regions: [
        { region: 'us-east-1', status: 'healthy', latencyMs: 84, breaker: 'closed' },
        { region: 'eu-west-1', status: 'healthy', latencyMs: 12, breaker: 'closed' },
        { region: 'ap-southeast-1', status: 'degraded', latencyMs: null, breaker: 'open' },
      ],
      degraded: ['ap-southeast-1'],
    }),
    503: jsonResponse('No region is healthy', Health, {
      status: 'down',
      version: '0.1.0',
      environment: 'production',
      nearestRegion: 'eu-west-1',
      regions: REGIONS.map((region) => ({
        region,
        status: 'degraded' as const,
        latencyMs: null,
        breaker: 'open' as const,
      })),
      degraded: [...REGIONS],
    }),
  },
})

/** `GET /health`: probes every origin at once; 200 while at least one region answers. */
export function registerHealth(app: OpenAPIHono<AppEnv>) {
  app.openapi(healthRoute, async (c) => {
    const { config } = c.get('services')
    const origin = c.get('services').origin()
    const probes = await Promise.all(
      REGIONS.map((region) => origin.probe(region, c.get('requestId'))),
    )
    const regions = probes.map((probe) => ({
      region: probe.region,
      status: probe.ok ? ('healthy' as const) : ('degraded' as const),
      latencyMs: probe.ok ? probe.latencyMs : null,
      breaker: origin.breaker.state(probe.region),
    }))
    const degraded = regions.filter((r) => r.status === 'degraded').map((r) => r.region)
    const status =
      degraded.length === 0 ? 'ok' : degraded.length < REGIONS.length ? 'degraded' : 'down'
    const body = {
      status,
      version: config.core.APP_VERSION,
      environment: config.core.DEPLOY_ENV,
      nearestRegion: c.get('regions')[0] ?? REGIONS[0],
      regions,
      degraded,
    } as const
    c.header('Cache-Control', 'no-store')
    return status === 'down' ? c.json(body, 503) : c.json(body, 200)
  })
}
