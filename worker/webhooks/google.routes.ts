import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { errorContent, jsonBody, jsonBodyErrors, jsonResponse } from '../http/openapi'
import { handleGoogleNotification } from '../purchases/google/notification-handler'
import type { AppEnv } from '../types'
import { verifyPubSubPush } from './pubsub-oidc'

const PushEnvelope = z
  .object({
    message: z.looseObject({
      data: z.string().max(60_000).optional(),
      messageId: z.string().min(1).max(128).optional(),
      message_id: z.string().min(1).max(128).optional(),
    }),
    subscription: z.string().max(512).optional(),
  })
  .refine((body) => body.message.messageId ?? body.message.message_id, {
    message: 'message.messageId is required',
    path: ['message', 'messageId'],
  })
  .openapi('PubSubPush')

export type PushEnvelope = z.infer<typeof PushEnvelope>

const Received = z.object({ received: z.literal(true), outcome: z.string() })

export const googleWebhookRoute = createRoute({
  method: 'post',
  path: '/webhooks/google',
  operationId: 'receiveGoogleNotification',
  tags: ['Webhooks'],
  summary: 'Google Play real-time developer notifications (Pub/Sub push)',
  description:
    'Called by Cloud Pub/Sub. The push subscription authenticates with an OIDC token of its service account.',
  security: [{ pubsubOidc: [] }],
  request: {
    body: jsonBody(PushEnvelope, {
      message: {
        data: 'eyJ2ZXJzaW9uIjoiMS4wIiwicGFja2FnZU5hbWUiOiJjb20uaWVsdHNnZW5haXByZXAuYXBwIn0=',
        messageId: '10942812345678',
        publishTime: '2026-03-02T10:00:00.000Z',
      },
      subscription: 'projects/ielts-genai-prep/subscriptions/play-notifications',
    }),
  },
  responses: {
    200: jsonResponse('Handled or ignored', Received, {
      received: true,
      outcome: 'voidedPurchase:refunded',
    }),
    400: errorContent('`VALIDATION_FAILED`'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`: missing or invalid Pub/Sub OIDC token'),
    503: errorContent('`ORIGIN_UNAVAILABLE`: Pub/Sub retries'),
    ...jsonBodyErrors,
  },
})

/** `POST /webhooks/google`: no user auth; the push's OIDC token authenticates Google. */
export function registerGoogleWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(googleWebhookRoute, async (c) => {
    const config = c.get('services').config.pubsub
    await verifyPubSubPush(c.req.header('Authorization'), config)
    const deps = { data: c.get('data'), services: c.get('services'), now: new Date() }
    const { message } = c.req.valid('json')
    const id = (message.messageId ?? message.message_id) as string
    const outcome = await handleGoogleNotification(
      deps,
      { id, data: message.data },
      config.GOOGLE_PLAY_PACKAGE_NAME,
    )
    c.get('log').info('google notification', { outcome })
    return c.json({ received: true as const, outcome }, 200)
  })
}
