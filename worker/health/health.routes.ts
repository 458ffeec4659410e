import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { REGIONS, type Region } from '../../shared/regions'
import { jsonResponse, PUBLIC } from '../http/openapi'
import { originUrls } from '../origin-client/config'
import { parseSection } from '../services/config'
import type { AppEnv } from '../types'

const RegionHealth = z.object({
  region: z.enum(REGIONS),
  status: z.enum(['healthy', 'degraded', 'unconfigured']).openapi({
    description:
      '`unconfigured`: this worker has no origin URL or no edge AWS credentials for the region, so it was not probed.',
  }),
  latencyMs: z.number().nullable(),
  breaker: z.enum(['closed', 'open', 'half-open']).nullable(),
})

const Health = z
  .object({
    status: z.enum(['ok', 'degraded', 'down', 'unconfigured']).openapi({
      description:
        'Over the configured regions: `ok` all healthy, `degraded` some, `down` none (503). `unconfigured`: no region is configured (a bare `wrangler dev`); routes that need no origin still answer.',
    }),
    version: z.string(),
    environment: z.string(),
    nearestRegion: z.enum(REGIONS),
    regions: z.array(RegionHealth),
    degraded: z.array(z.enum(REGIONS)),
    unconfigured: z.array(z.enum(REGIONS)),
    missingVariables: z.array(z.string()).openapi({
      description: 'Names (never values) of the variables that would configure the rest.',
    }),
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
      unconfigured: [],
      missingVariables: [],
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
      unconfigured: [],
      missingVariables: [],
    }),
  },
})

/**
 * Which regions this worker can reach: a region whose origin URL is missing, invalid or a
 * `.invalid` placeholder (RFC 6761; `wrangler.toml` ships those until `npm run
 * infra:outputs`), or every region when the edge credentials are missing, is unconfigured.
 */
function originSetup(env: object): { configured: Region[]; missing: string[] } {
  const parsed = parseSection(env, 'origins')
  if (!parsed.ok) return { configured: [], missing: parsed.problem.variables }
  const urls = originUrls(parsed.value)
  const configured = REGIONS.filter(
    (region) => !new URL(urls[region]).hostname.endsWith('.invalid'),
  )
  const missing = REGIONS.filter((region) => !configured.includes(region)).map(
    (region) => `ORIGIN_URL_${region.toUpperCase().replaceAll('-', '_')}`,
  )
  return { configured, missing }
}

/**
 * `GET /health`: probes every configured origin at once; 200 while at least one region
 * answers, or when none is configured (then it says so and which variables are missing).
 */
export function registerHealth(app: OpenAPIHono<AppEnv>) {
  app.openapi(healthRoute, async (c) => {
    const { config } = c.get('services')
    const setup = originSetup(c.env)
    const origin = setup.configured.length > 0 ? c.get('services').origin() : null
    const probes = new Map(
      await Promise.all(
        setup.configured.map(
          async (region) => [region, await origin!.probe(region, c.get('requestId'))] as const,
        ),
      ),
    )
    const regions = REGIONS.map((region) => {
      const probe = probes.get(region)
      if (!probe || !origin) {
        return { region, status: 'unconfigured' as const, latencyMs: null, breaker: null }
      }
      return {
        region,
        status: probe.ok ? ('healthy' as const) : ('degraded' as const),
        latencyMs: probe.ok ? probe.latencyMs : null,
        breaker: origin.breaker.state(region),
      }
    })
    const degraded = regions.filter((r) => r.status === 'degraded').map((r) => r.region)
    const configured = setup.configured.length
    const status =
      configured === 0
        ? 'unconfigured'
        : degraded.length === 0
          ? 'ok'
          : degraded.length < configured
            ? 'degraded'
            : 'down'
    const body = {
      status,
      version: config.core.APP_VERSION,
      environment: config.core.DEPLOY_ENV,
      nearestRegion: c.get('regions')[0] ?? REGIONS[0],
      regions,
      degraded,
      unconfigured: regions.filter((r) => r.status === 'unconfigured').map((r) => r.region),
      missingVariables: setup.missing,
    } as const
    c.header('Cache-Control', 'no-store')
    return status === 'down' ? c.json(body, 503) : c.json(body, 200)
  })
}
