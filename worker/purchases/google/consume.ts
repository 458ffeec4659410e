import type { Item, JsonValue, Key } from '../../../shared/data-api'
import type { Region } from '../../../shared/regions'
import type { DataClient } from '../../data/client'
import type { Services } from '../../services/services'
import type { GooglePlayApi } from './play-api'

/**
 * Play products are consumables: after the grant we consume the purchase so the user can
 * buy the module again. The grant itself writes the purchase with `consumeState: pending`
 * and a place in the sparse `gsi1` index (`CONSUME#google#<package>`, ordered by the next
 * attempt time), so a consumption that fails — or a worker that dies between grant and
 * consume — leaves a record `retryPendingConsumes` finds later. Success removes it.
 */
export const consumeQueue = (packageName: string) => `CONSUME#google#${packageName}`

const MAX_BACKOFF_MS = 6 * 3600 * 1000

/** The purchase-item fields that put a fresh grant in the consume queue. */
export function pendingConsumeFields(
  packageName: string,
  claimId: string,
  now: Date,
): Record<string, JsonValue> {
  return {
    consumeState: 'pending',
    consumeAttempts: 0,
    gsi1pk: consumeQueue(packageName),
    gsi1sk: `${now.toISOString()}#${claimId}`,
  }
}

export type PendingConsume = {
  key: Key
  homeRegion: Region
  productId: string
  purchaseToken: string
  attempts: number
}

/**
 * Consumes one granted purchase and updates its record: `consumed`, or `pending` with the
 * next attempt pushed back exponentially (1 min, 2, 4 … up to 6 h).
 *
 * @example
 * await consumePurchase(data, play, pending, new Date())
 */
export async function consumePurchase(
  data: DataClient,
  play: GooglePlayApi,
  pending: PendingConsume,
  now: Date,
): Promise<'consumed' | 'pending'> {
  try {
    await play.consumeProduct(pending.productId, pending.purchaseToken)
  } catch {
    const delay = Math.min(60_000 * 2 ** pending.attempts, MAX_BACKOFF_MS)
    const next = new Date(now.getTime() + delay).toISOString()
    await data
      .write(
        [
          {
            update: {
              key: pending.key,
              set: { gsi1sk: `${next}#${pending.key.sk}`, lastConsumeFailureAt: now.toISOString() },
              add: { consumeAttempts: 1 },
              condition: { attribute: 'consumeState', compare: 'eq', value: 'pending' },
            },
          },
        ],
        { homeRegion: pending.homeRegion },
      )
      .catch(() => undefined)
    return 'pending'
  }
  await data.write(
    [
      {
        update: {
          key: pending.key,
          set: { consumeState: 'consumed', consumedAt: now.toISOString() },
          remove: ['gsi1pk', 'gsi1sk'],
        },
      },
    ],
    { homeRegion: pending.homeRegion },
  )
  return 'consumed'
}

/**
 * Retries every consumption whose next attempt is due (for the scheduled handler).
 *
 * @example
 * const { consumed, pending } = await retryPendingConsumes(data, play, new Date())
 */
export async function retryPendingConsumes(
  data: DataClient,
  play: GooglePlayApi,
  now: Date,
  limit = 25,
): Promise<{ consumed: number; pending: number }> {
  const { items } = await data.query({ pk: consumeQueue(play.packageName), index: 'gsi1', limit })
  const due = items.filter((item) => String(item.gsi1sk) <= `${now.toISOString()}#~`)
  let consumed = 0
  for (const item of due) {
    const outcome = await consumePurchase(data, play, pendingOf(item), now)
    if (outcome === 'consumed') consumed++
  }
  return { consumed, pending: due.length - consumed }
}

export function pendingOf(item: Item): PendingConsume {
  return {
    key: { pk: item.pk, sk: item.sk },
    homeRegion: item.homeRegion as Region,
    productId: String(item.productId),
    purchaseToken: String(item.purchaseToken),
    attempts: typeof item.consumeAttempts === 'number' ? item.consumeAttempts : 0,
  }
}

/**
 * The scheduled job's entry: retries due Play consumptions with the deployment's config
 * (the cron runs every 5 minutes).
 *
 * @example
 * await retryConsumesFromConfig(services, data, new Date(scheduledTime))
 */
export async function retryConsumesFromConfig(services: Services, data: DataClient, now: Date) {
  return retryPendingConsumes(data, services.playApi(), now)
}
