import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { accessLog } from '../shared/http/access-log'
import { handleError, handleNotFound } from '../shared/http/error-handler'
import { requestId } from '../shared/http/request-id'
import { registerAssessments } from './assessments/assessments.routes'
import { registerAuth } from './auth'
import { registerCatalog } from './catalog/catalog.routes'
import { registerDocs } from './docs/docs.routes'
import { registerEntitlements } from './entitlements/entitlements.routes'
import { registerHealth } from './health/health.routes'
import { bodyLimit, methodNotAllowed, requireJson } from './http/guards'
import { validationHook } from './http/validation'
import { registerMe } from './me/me.routes'
import { registerPurchases } from './purchases/purchases.routes'
import { services } from './services/middleware'
import { registerSpeaking } from './speaking/sessions.routes'
import type { AppEnv } from './types'
import { registerAppleWebhook } from './webhooks/apple.routes'
import { registerGoogleWebhook } from './webhooks/google.routes'
import { registerWritingAssessments } from './writing/assessments.routes'
import { registerWritingBand } from './writing/band.routes'
import { registerWritingTasks } from './writing/tasks.routes'

function callerLocation(c: Context<AppEnv>) {
  const cf = c.req.raw.cf as { colo?: string } | undefined
  return { region: c.get('regions')?.[0] ?? null, colo: cf?.colo ?? null }
}

/** Builds the edge app: middleware in order, then every domain's routes. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.use(requestId())
  app.use(accessLog(callerLocation))
  app.use(secureHeaders())
  app.use(services())
  app.use(bodyLimit())
  app.use('/api/*', requireJson())
  app.use('/webhooks/*', requireJson())
  app.use(methodNotAllowed(app))

  registerHealth(app)
  registerDocs(app)
  registerAuth(app)
  registerMe(app)
  registerCatalog(app)
  registerPurchases(app)
  registerEntitlements(app)
  registerAppleWebhook(app)
  registerGoogleWebhook(app)
  registerWritingTasks(app)
  registerWritingBand(app)
  registerSpeaking(app)
  registerWritingAssessments(app)
  registerAssessments(app)

  app.onError(handleError)
  app.notFound(handleNotFound)
  return app
}
