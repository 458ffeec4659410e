import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ApiError } from '../../shared/errors'
import type { DataClient } from '../data/client'
import { errorContent, jsonBody, jsonBodyErrors, jsonResponse, PUBLIC } from '../http/openapi'
import { readAppleConfig } from '../purchases/apple/config'
import { type AppleNotification, verifyNotification } from '../purchases/apple/notification'
import { checkRevocation } from '../purchases/apple/revocation'
import { grantingEnvironment } from '../purchases/environment'
import { notificationSeen, recordNotification } from '../purchases/notifications'
import { ReceiptError } from '../purchases/receipt-error'
import { refundPurchase } from '../purchases/refund'
import { reverseRefund } from '../purchases/refund-reversal'
import type { AppEnv } from '../types'

/** Notification types that take a purchase back. */
const REVOKING = new Set(['REFUND', 'REVOKE'])
/** Apple reversed a refund after the customer's dispute: what the refund took is given back. */
const REFUND_REVERSED = 'REFUND_REVERSED'

export type NotificationDeps = {
  data: DataClient
  env: object
  deployEnv: 'production' | 'sandbox' | 'local'
  now: Date
  /** Outbound fetch for the App Store Server API (tests replace it). */
  fetch?: typeof fetch
}

/**
 * Handles one App Store Server Notification V2: verifies it (same chain checks as a
 * purchase), ignores a `notificationUUID` seen before, refunds on REFUND and REVOKE once
 * the App Store Server API (when configured) confirms the transaction is still revoked
 * (`checkRevocation`: a stale REFUND must not undo a REFUND_REVERSED), restores on
 * REFUND_REVERSED, and records every other type (TEST included) so Apple stops retrying.
 * Answers the outcome.
 *
 * @example
 * const outcome = await handleAppleNotification(deps, body.signedPayload)
 */
export async function handleAppleNotification(
  deps: NotificationDeps,
  signedPayload: string,
): Promise<string> {
  const apple = readAppleConfig(deps.env)
  const trust = { rootSha256: apple.APPLE_ROOT_CA_SHA256, now: deps.now }
  let notification: AppleNotification
  try {
    notification = await verifyNotification(signedPayload, {
      trust,
      bundleId: apple.APPLE_BUNDLE_ID,
    })
  } catch (error) {
    if (!(error instanceof ReceiptError)) throw error
    throw new ApiError('SIGNATURE_INVALID', `The notification was refused: ${error.message}`, {
      details: { reason: error.reason },
    })
  }
  const { notificationUUID: id, notificationType: type, transaction } = notification
  if (await notificationSeen(deps.data, 'apple', id)) return 'duplicate'
  const record = (outcome: string) =>
    recordNotification(
      deps.data,
      {
        store: 'apple',
        notificationId: id,
        type,
        outcome,
        transactionId: transaction?.transactionId,
      },
      deps.now,
    ).then((result) => (result === 'duplicate' ? result : outcome))
  if (type === 'TEST') return record('test')
  const act = REVOKING.has(type) ? refundPurchase : type === REFUND_REVERSED ? reverseRefund : null
  if (!act || !transaction) return record('ignored')
  if (transaction.environment !== grantingEnvironment(deps.deployEnv)) {
    return record('environment_mismatch')
  }
  if (act === refundPurchase) {
    const check = { trust, now: deps.now, fetch: deps.fetch }
    if ((await checkRevocation(deps.env, transaction, check)) === 'not_revoked') throw notRevoked()
  }
  return act(deps.data, {
    store: 'apple',
    transactionId: transaction.transactionId,
    notification: { id, type },
    now: deps.now,
  })
}

/**
 * The App Store says the transaction is not revoked (the refund was reversed since, or the
 * App Store has not caught up): nothing is taken and nothing recorded. A 4xx makes Apple
 * deliver it again later (after 1, 12, 24, 48 and 72 hours), when a refund that stands
 * will be confirmed.
 */
function notRevoked(): ApiError {
  return new ApiError('CONFLICT', 'The App Store does not show this transaction as revoked.', {
    details: { retryable: true },
  })
}

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
    const deps = {
      data: c.get('data'),
      env: c.env,
      deployEnv: c.get('config').DEPLOY_ENV,
      now: new Date(),
    }
    const outcome = await handleAppleNotification(deps, c.req.valid('json').signedPayload)
    c.get('log').info('apple notification', { outcome })
    return c.json({ received: true as const, outcome }, 200)
  })
}
