import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createOriginApp } from '../../origin/app'
import { originConfig } from '../../origin/config'
import { createRedisConnection } from '../../origin/redis'
import { bearerToken } from '../../origin/redis/auth'
import { createTableClients } from '../../origin/store'
import { errorBody } from '../../shared/errors'
import { handleError } from '../../shared/http/error-handler'
import { createLogger } from '../../shared/log'
import { sigv4Auth } from './sigv4-middleware'
import { FUNCTION_URL_UNSIGNED } from './sigv4-refusal'

/**
 * What the local origin serves behind its Function URL stand-in (the conformance suite
 * holds each to AWS_IAM auth, as a Function URL answers it).
 */
export const ORIGIN_ENDPOINTS = {
  health: 'GET /health',
  data: 'POST /data/{operation}',
  redis: 'POST /redis/{command}',
} as const

export type OriginServerOptions = {
  region: 'us-east-1' | 'eu-west-1' | 'ap-southeast-1'
  tableName: string
  dynamoEndpoint: string
  redisUrl: string
  /** The credentials the worker signs with; the server checks SigV4 against them. */
  credentials: { accessKeyId: string; secretAccessKey: string }
  /** Upstash-style bearer token accepted on `/redis` for local tooling. */
  redisToken?: string
  port?: number
  host?: string
  version?: string
}

export type OriginServer = {
  url: string
  port: number
  region: string
  /** Requests served so far by first path segment (`data`, `redis`, `health`); for bench/. */
  requestCounts(): Record<string, number>
  stop(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024
const TOO_LARGE = errorBody(
  'PAYLOAD_TOO_LARGE',
  'The request body is larger than 1 MiB.',
  'unknown',
)

const isRedisPath = (path: string) => path === '/redis' || path.startsWith('/redis/')

/** Bearer requests on `/redis` must carry the configured token; signed ones passed SigV4. */
function redisBearer(token: string | undefined): MiddlewareHandler {
  const check = token ? bearerToken(token) : undefined
  return async function redisBearer(c, next) {
    if (!/^Bearer\s/i.test(c.req.header('authorization') ?? '')) return next()
    if (!check) return c.json({ error: 'Unauthorized: bearer tokens are not enabled' }, 401)
    return check(c, next)
  }
}

/**
 * Serves one regional origin on loopback the way its Function URL would: every request
 * must carry the worker's SigV4 signature for service `lambda` and this region.
 *
 * @example
 * const origin = await startOriginServer({ region: 'eu-west-1', tableName, dynamoEndpoint, redisUrl, credentials })
 */
export async function startOriginServer(options: OriginServerOptions): Promise<OriginServer> {
  const { region, credentials } = options
  const { documents, dynamodb } = createTableClients({
    region,
    endpoint: options.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const redis = createRedisConnection(options.redisUrl)
  const origin = createOriginApp({
    region,
    version: options.version ?? '0.0.0-dev',
    documents,
    tableName: options.tableName,
    redis,
  })
  const app = new Hono()
  // Whatever the front door's middleware throws is answered in the error shape, never as
  // Hono's bare 500 (which the worker would read as an outage and fail over on).
  app.onError(handleError)
  const counts: Record<string, number> = {}
  app.use(async (c, next) => {
    const segment = c.req.path.split('/')[1] || 'root'
    counts[segment] = (counts[segment] ?? 0) + 1
    await next()
  })
  // Function URLs refuse payloads over 6 MB; the SigV4 check buffers the body, so cap it first.
  app.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json(TOO_LARGE, 413) }))
  app.use(
    sigv4Auth({
      service: 'lambda',
      region,
      secretFor: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
      unsigned: FUNCTION_URL_UNSIGNED,
      // Only when the local-only Redis token is set: otherwise a Bearer request is refused
      // here, as the Function URL refuses it.
      allowBearer: options.redisToken ? isRedisPath : undefined,
    }),
  )
  app.use('/redis/*', redisBearer(options.redisToken))
  app.use('/redis', redisBearer(options.redisToken))
  app.route('/', origin)

  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${host}:${port}/`,
    port,
    region,
    requestCounts: () => ({ ...counts }),
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()))
      ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      await closing
      redis.disconnect()
      dynamodb.destroy()
    },
  }
}

async function main() {
  const config = originConfig()
  const accessKeyId = process.env.ORIGIN_ACCESS_KEY_ID
  const secretAccessKey = process.env.ORIGIN_SECRET_ACCESS_KEY
  if (!accessKeyId || !secretAccessKey || !config.DYNAMODB_ENDPOINT) {
    throw new Error('Set ORIGIN_ACCESS_KEY_ID, ORIGIN_SECRET_ACCESS_KEY and DYNAMODB_ENDPOINT.')
  }
  const server = await startOriginServer({
    region: config.AWS_REGION,
    tableName: config.TABLE_NAME,
    dynamoEndpoint: config.DYNAMODB_ENDPOINT,
    redisUrl: config.REDIS_URL,
    credentials: { accessKeyId, secretAccessKey },
    redisToken: config.REDIS_REST_TOKEN,
    port: Number(process.env.PORT ?? 0),
    version: config.APP_VERSION,
  })
  createLogger({ service: 'origin' }).info('origin listening', {
    region: server.region,
    url: server.url,
  })
  const stop = () => void server.stop().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
