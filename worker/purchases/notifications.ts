import type { WriteOp } from '../../shared/data-api'
import { keys } from '../../shared/keys'
import type { Store } from '../../shared/modules'
import type { Region } from '../../shared/regions'
import { ConditionFailedError, type DataClient } from '../data/client'

/**
 * Stores retry a notification until we answer 2xx (Apple for about three days, Pub/Sub up
 * to seven), so a seen notification is remembered for 30 days; the table's TTL
 * (`expiresAt`, epoch seconds) deletes it afterwards.
 */
export const NOTIFICATION_RETENTION_SECONDS = 30 * 24 * 3600

export type NotificationRecord = {
  store: Store
  /** Apple `notificationUUID`, Pub/Sub `messageId`. */
  notificationId: string
  type: string
  /** What we did with it, e.g. `refunded`, `already_refunded`, `unknown_purchase`, `ignored`. */
  outcome: string
  transactionId?: string
}

/** The put that records a notification once (fails its condition on a duplicate). */
export function notificationPut(record: NotificationRecord, now: Date): WriteOp {
  const item = {
    ...keys.notification(record.store, record.notificationId),
    ...record,
    receivedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + NOTIFICATION_RETENTION_SECONDS,
  }
  return { put: { item, condition: { itemExists: false } } }
}

/**
 * Records a notification that changes nothing else; `duplicate` when it was seen before.
 *
 * @example
 * await recordNotification(data, { store: 'apple', notificationId, type: 'TEST', outcome: 'ignored' }, now)
 */
export async function recordNotification(
  data: DataClient,
  record: NotificationRecord,
  now: Date,
  homeRegion: Region = nearest(data),
  alsoWrite: WriteOp[] = [],
): Promise<'recorded' | 'duplicate'> {
  try {
    await data.write([notificationPut(record, now), ...alsoWrite], { homeRegion })
    return 'recorded'
  } catch (error) {
    if (error instanceof ConditionFailedError) return 'duplicate'
    throw error
  }
}

/** Whether a notification was already handled (checked before any verification work). */
export async function notificationSeen(
  data: DataClient,
  store: Store,
  notificationId: string,
): Promise<boolean> {
  return (await data.get(keys.notification(store, notificationId))) !== null
}

/** Notifications belong to no user: they are written where the request landed. */
export function nearest(data: DataClient): Region {
  return data.order()[0] as Region
}
