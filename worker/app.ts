import { OpenAPIHono } from '@hono/zod-openapi'
import { secureHeaders } from 'hono/secure-headers'
import { registerDocs } from './docs/route'
import { registerHealth } from './health/route'
import { accessLog } from './http/access-log'
import { handleError, handleNotFound } from './http/error-handler'
import { bodyLimit, methodNotAllowed, requireJson } from './http/guards'
import { requestId } from './http/request-id'
import { services } from './http/services'
import { validationHook } from './http/validation'
import type { AppEnv } from './types'

/** Builds the edge app: middleware in order, then every domain's routes. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.use(requestId())
  app.use(accessLog())
  app.use(secureHeaders())
  app.use(services())
  app.use(bodyLimit())
  app.use('/api/*', requireJson())
  app.use('/webhooks/*', requireJson())
  app.use(methodNotAllowed(app))

  registerHealth(app)
  registerDocs(app)

  app.onError(handleError)
  app.notFound(handleNotFound)
  return app
}
