/** The AWS regions we run origins and Nova Micro in, in the default order. */
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-1'] as const

export type Region = (typeof REGIONS)[number]

/** Where each region's data centres are (N. Virginia, Dublin, Singapore). */
export const REGION_COORDINATES: Record<Region, { latitude: number; longitude: number }> = {
  'us-east-1': { latitude: 38.95, longitude: -77.45 },
  'eu-west-1': { latitude: 53.35, longitude: -6.26 },
  'ap-southeast-1': { latitude: 1.29, longitude: 103.85 },
}

/** The region order used when only the caller's continent is known. */
export const CONTINENT_ORDER: Record<string, readonly Region[]> = {
  NA: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
  SA: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
  EU: ['eu-west-1', 'us-east-1', 'ap-southeast-1'],
  AF: ['eu-west-1', 'us-east-1', 'ap-southeast-1'],
  AS: ['ap-southeast-1', 'eu-west-1', 'us-east-1'],
  OC: ['ap-southeast-1', 'us-east-1', 'eu-west-1'],
  AN: ['ap-southeast-1', 'us-east-1', 'eu-west-1'],
}

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value)
}
