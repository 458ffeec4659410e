import { REGION_COORDINATES } from '../../shared/regions'
import type { CallerLocation } from '../regions/order'
import { distanceKm } from '../regions/order'

/**
 * Beyond this great-circle distance from us-east-1 (where Nova Sonic runs) a round trip
 * adds roughly 60 ms or more on top of the model's own latency: Western Europe is about
 * 5,500 km away, so it is told too; the Americas east of the Rockies are not.
 */
export const FAR_FROM_SONIC_KM = 4_000

/** Continents whose callers are far from us-east-1 when `request.cf` has no coordinates. */
const FAR_CONTINENTS = new Set(['EU', 'AF', 'AS', 'OC', 'AN'])

export const LATENCY_NOTICE =
  "The examiner's voice service runs in the United States, far from you: expect a short pause before each reply. It does not affect your score."

/**
 * The notice for callers far from us-east-1, or undefined. Unknown location: no notice.
 *
 * @example
 * latencyNoticeFor({ latitude: '1.29', longitude: '103.85' }) // LATENCY_NOTICE (Singapore)
 * latencyNoticeFor({ latitude: '40.7', longitude: '-74.0' }) // undefined (New York)
 */
export function latencyNoticeFor(cf: CallerLocation | null | undefined): string | undefined {
  const latitude = Number(cf?.latitude)
  const longitude = Number(cf?.longitude)
  const located =
    cf?.latitude !== undefined &&
    cf?.longitude !== undefined &&
    Number.isFinite(latitude) &&
    Number.isFinite(longitude)
  if (located) {
    const km = distanceKm({ latitude, longitude }, REGION_COORDINATES['us-east-1'])
    return km > FAR_FROM_SONIC_KM ? LATENCY_NOTICE : undefined
  }
  const continent = cf?.continent?.toUpperCase()
  return continent && FAR_CONTINENTS.has(continent) ? LATENCY_NOTICE : undefined
}
