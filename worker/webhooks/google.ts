import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { errorContent, jsonBody, jsonBodyErrors, jsonResponse } from '../http/openapi'
import { readPubSubConfig } from '../purchases/google/config'
import { googleClaimId } from '../purchases/google/verify'
import { notificationSeen, recordNotification } from '../purchases/notifications'
import { refundPurchase } from '../purchases/refund'
import type { AppEnv } from '../types'
import type { NotificationDeps } from './apple'
import { verifyPubSubPush } from './pubsub-oidc'

/** `oneTimeProductNotification.notificationType` 2: ONE_TIME_PRODUCT_CANCELED. */
const ONE_TIME_PRODUCT_CANCELED = 2

/**
 * A real-time developer notification (the Pub/Sub message's data), fields we act on
 * (https://developer.android.com/google/play/billing/rtdn-reference).
 */
const DeveloperNotification = z.looseObject({
  packageName: z.string(),
  oneTimeProductNotification: z
    .looseObject({ notificationType: z.number().int(), purchaseToken: z.string().min(1) })
    .optional(),
  voidedPurchaseNotification: z.looseObject({ purchaseToken: z.string().min(1) }).optional(),
  testNotification: z.looseObject({}).optional(),
})

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

/**
 * Handles one Google Play real-time developer notification, already authenticated: a
 * `messageId` seen before is ignored; a voided purchase or a canceled one-time product is
 * refunded; anything else (test, purchased, subscriptions, another app, undecodable data)
 * is recorded and acknowledged so Pub/Sub stops redelivering.
 *
 * @example
 * const outcome = await handleGoogleNotification(deps, envelope, 'com.example.app')
 */
export async function handleGoogleNotification(
  deps: NotificationDeps,
  envelope: PushEnvelope,
  packageName: string,
): Promise<string> {
  const id = (envelope.message.messageId ?? envelope.message.message_id) as string
  if (await notificationSeen(deps.data, 'google', id)) return 'duplicate'
  const notification = decode(envelope.message.data)
  const type = typeOf(notification)
  const record = (outcome: string) =>
    recordNotification(
      deps.data,
      { store: 'google', notificationId: id, type, outcome },
      deps.now,
    ).then((result) => (result === 'duplicate' ? result : outcome))
  if (!notification) return record('malformed')
  if (notification.packageName !== packageName) return record('wrong_package')
  const token = revokedToken(notification)
  if (!token) return record(notification.testNotification ? 'test' : 'ignored')
  return refundPurchase(deps.data, {
    store: 'google',
    transactionId: await googleClaimId(token),
    notification: { id, type },
    now: deps.now,
  })
}

function decode(data: string | undefined) {
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(data ?? ''), (c) => c.charCodeAt(0)))
    const parsed = DeveloperNotification.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

type DeveloperNotification = z.infer<typeof DeveloperNotification>

function revokedToken(notification: DeveloperNotification): string | undefined {
  if (notification.voidedPurchaseNotification) {
    return notification.voidedPurchaseNotification.purchaseToken
  }
  const oneTime = notification.oneTimeProductNotification
  return oneTime?.notificationType === ONE_TIME_PRODUCT_CANCELED ? oneTime.purchaseToken : undefined
}

function typeOf(notification: DeveloperNotification | undefined): string {
  if (!notification) return 'unknown'
  if (notification.voidedPurchaseNotification) return 'voidedPurchase'
  if (notification.oneTimeProductNotification) {
    return `oneTimeProduct:${notification.oneTimeProductNotification.notificationType}`
  }
  if (notification.testNotification) return 'test'
  return Object.keys(notification).find((key) => key.endsWith('Notification')) ?? 'unknown'
}

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
    const config = readPubSubConfig(c.env)
    await verifyPubSubPush(c.req.header('Authorization'), config)
    const deps = {
      data: c.get('data'),
      env: c.env,
      deployEnv: c.get('config').DEPLOY_ENV,
      now: new Date(),
    }
    const envelope = c.req.valid('json')
    const outcome = await handleGoogleNotification(deps, envelope, config.GOOGLE_PLAY_PACKAGE_NAME)
    c.get('log').info('google notification', { outcome })
    return c.json({ received: true as const, outcome }, 200)
  })
}
