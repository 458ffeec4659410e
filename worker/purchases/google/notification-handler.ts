import { z } from 'zod'
import type { StoreDeps } from '../deps'
import { notificationSeen, recordNotification } from '../notifications'
import { refundPurchase } from '../refund'
import { googleClaimId } from './verify'

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

/**
 * Handles one Google Play real-time developer notification, already authenticated: a
 * `messageId` seen before is ignored; a voided purchase or a canceled one-time product is
 * refunded; anything else (test, purchased, subscriptions, another app, undecodable data)
 * is recorded and acknowledged so Pub/Sub stops redelivering.
 *
 * @example
 * const outcome = await handleGoogleNotification(deps, { id: messageId, data }, 'com.example.app')
 */
export async function handleGoogleNotification(
  deps: StoreDeps,
  message: { id: string; data: string | undefined },
  packageName: string,
): Promise<string> {
  const { id } = message
  if (await notificationSeen(deps.data, 'google', id)) return 'duplicate'
  const notification = decode(message.data)
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
