import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
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
  tags: ['Webhooks'],
  summary: 'Google Play real-time developer notifications (Pub/Sub push)',
  request: { body: { content: { 'application/json': { schema: PushEnvelope } }, required: true } },
  responses: {
    200: {
      description: 'Handled or ignored',
      content: { 'application/json': { schema: Received } },
    },
    401: { description: 'Missing or invalid Pub/Sub OIDC token' },
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
