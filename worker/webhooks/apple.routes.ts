import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { errorContent, jsonBody, jsonBodyErrors, jsonResponse, PUBLIC } from '../http/openapi'
import { handleAppleNotification } from '../purchases/apple/notification-handler'
import type { AppEnv } from '../types'

const Body = z.object({ signedPayload: z.string().min(1).max(60_000) }).openapi('AppleNotification')
const Received = z
  .object({ received: z.literal(true), outcome: z.string() })
  .openapi('NotificationReceived')

export const appleWebhookRoute = createRoute({
  method: 'post',
  path: '/webhooks/apple',
  operationId: 'receiveAppleNotification',
  tags: ['Webhooks'],
  summary: 'App Store Server Notifications V2 (refunds, revocations, refund reversals)',
  description:
    'Called by the App Store. No HTTP authentication: the payload is a JWS Apple signed.',
  security: PUBLIC,
  request: {
    body: jsonBody(Body, {
      signedPayload:
        'eyJhbGciOiJFUzI1NiIsIng1YyI6WyIuLi4iXX0.eyJub3RpZmljYXRpb25UeXBlIjoiUkVGVU5EIn0.c2lnbmF0dXJl',
    }),
  },
  responses: {
    200: jsonResponse('Handled or ignored', Received, { received: true, outcome: 'refunded' }),
    400: errorContent('`VALIDATION_FAILED`'),
    403: errorContent('`SIGNATURE_INVALID`: not signed by Apple for this app'),
    409: errorContent(
      '`CONFLICT`: a refund the App Store does not confirm (yet); Apple delivers it again later',
    ),
    503: errorContent('`ORIGIN_UNAVAILABLE`: Apple retries'),
    ...jsonBodyErrors,
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
