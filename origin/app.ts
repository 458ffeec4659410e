import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { Hono } from 'hono'
import type { Redis } from 'ioredis'
import { accessLog } from '../shared/http/access-log'
import type { RequestEnv } from '../shared/http/context'
import { handleError, handleNotFound } from '../shared/http/error-handler'
import { requestId } from '../shared/http/request-id'
import { createLogger } from '../shared/log'
import { registerHealth } from './health'
import { createRedisRoutes } from './redis'
import { createDataRoutes } from './store'

export type OriginDeps = {
  region: string
  version: string
  documents: DynamoDBDocumentClient
  tableName: string
  redis: Redis
}

/**
 * The regional origin: `/health`, the data API at `/data` and the Upstash-compatible
 * Redis endpoint at `/redis`. Authentication is outside: the Function URL's AWS_IAM auth
 * in AWS, the SigV4 middleware of `local/origin/server.ts` locally.
 */
export function createOriginApp(deps: OriginDeps) {
  const app = new Hono<RequestEnv>()
  const log = createLogger({ service: 'origin', region: deps.region })

  app.use(requestId({ service: 'origin', region: deps.region }))
  app.use(accessLog())

  registerHealth(app as unknown as Hono, deps)
  app.route('/data', createDataRoutes({ client: deps.documents, tableName: deps.tableName, log }))
  app.route('/redis', createRedisRoutes({ redis: deps.redis, trustOuterAuth: true, log }))

  app.onError(handleError)
  app.notFound(handleNotFound)
  return app
}
