import { CONTINENT_ORDER, REGION_COORDINATES, REGIONS, type Region } from '../../shared/regions'

const EARTH_RADIUS_KM = 6371

/** The parts of `request.cf` region ordering reads. */
export type CallerLocation = {
  latitude?: string | number
  longitude?: string | number
  continent?: string
}

/**
 * Orders the regions nearest first: by great-circle distance when `cf` has coordinates,
 * by continent when it has only that, and us-east-1, eu-west-1, ap-southeast-1 otherwise.
 *
 * @example
 * orderRegions({ latitude: '48.85', longitude: '2.35' }) // ['eu-west-1', 'us-east-1', 'ap-southeast-1']
 */
export function orderRegions(cf: CallerLocation | undefined | null): Region[] {
  const latitude = toCoordinate(cf?.latitude, 90)
  const longitude = toCoordinate(cf?.longitude, 180)
  if (latitude !== undefined && longitude !== undefined) {
    const here = { latitude, longitude }
    return [...REGIONS].sort(
      (a, b) => distanceKm(here, REGION_COORDINATES[a]) - distanceKm(here, REGION_COORDINATES[b]),
    )
  }
  const byContinent = cf?.continent ? CONTINENT_ORDER[cf.continent.toUpperCase()] : undefined
  return [...(byContinent ?? REGIONS)]
}

/** Great-circle distance between two points, in kilometres (haversine). */
export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLon = (b.longitude - a.longitude) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

function toCoordinate(value: string | number | undefined, limit: number): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined
}
