import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { handleAppleNotification } from '../purchases/apple/notification-handler'
import type { AppEnv } from '../types'

const Body = z.object({ signedPayload: z.string().min(1).max(60_000) }).openapi('AppleNotification')
const Received = z
  .object({ received: z.literal(true), outcome: z.string() })
  .openapi('NotificationReceived')

export const appleWebhookRoute = createRoute({
  method: 'post',
  path: '/webhooks/apple',
  tags: ['Webhooks'],
  summary: 'App Store Server Notifications V2 (refunds, revocations, refund reversals)',
  request: { body: { content: { 'application/json': { schema: Body } }, required: true } },
  responses: {
    200: {
      description: 'Handled or ignored',
      content: { 'application/json': { schema: Received } },
    },
    403: { description: 'Not signed by Apple for this app' },
    409: { description: 'A refund the App Store does not confirm (yet); Apple retries it' },
  },
})

/** `POST /webhooks/apple`: no user auth; Apple authenticates by its signature. */
export function registerAppleWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(appleWebhookRoute, async (c) => {
    const deps = { data: c.get('data'), services: c.get('services'), now: new Date() }
    const outcome = await handleAppleNotification(deps, c.req.valid('json').signedPayload)
    c.get('log').info('apple notification', { outcome })
    return c.json({ received: true as const, outcome }, 200)
  })
}
