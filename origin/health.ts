import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Hono } from 'hono'
import type { Redis } from 'ioredis'

const CHECK_TIMEOUT_MS = 1_000

export type HealthDeps = {
  region: string
  version: string
  documents: DynamoDBDocumentClient
  tableName: string
  redis: Redis
}

type Check = { ok: boolean; latencyMs: number }

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now()
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)),
    ])
    return { ok: true, latencyMs: Math.round(performance.now() - started) }
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started) }
  }
}

/**
 * `GET /health`: reads one key of the table replica and PINGs the region's Redis.
 * 200 while the table answers (the data API works; sessions may not, which the body says
 * as `degraded`), 503 when the table does not, so the worker fails over.
 */
export function registerHealth(app: Hono, deps: HealthDeps) {
  app.get('/health', async (c) => {
    const [table, redis] = await Promise.all([
      timed(() =>
        deps.documents.send(
          new GetCommand({ TableName: deps.tableName, Key: { pk: 'HEALTH', sk: 'PROBE' } }),
        ),
      ),
      timed(() => deps.redis.ping()),
    ])
    const status = !table.ok ? 'down' : redis.ok ? 'ok' : 'degraded'
    const body = { status, region: deps.region, version: deps.version, checks: { table, redis } }
    c.header('Cache-Control', 'no-store')
    return c.json(body, table.ok ? 200 : 503)
  })
}
