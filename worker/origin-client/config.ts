import { z } from 'zod'
import { REGIONS, type Region } from '../../shared/regions'

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

/** The regional origins: their Function URLs, the edge's AWS identity, timeouts, breaker. */
export const originsConfigSchema = z.object({
  ORIGIN_URL_US_EAST_1: z.url(),
  ORIGIN_URL_EU_WEST_1: z.url(),
  ORIGIN_URL_AP_SOUTHEAST_1: z.url(),
  EDGE_AWS_ACCESS_KEY_ID: z.string().min(16),
  EDGE_AWS_SECRET_ACCESS_KEY: z.string().min(16),
  ORIGIN_TIMEOUT_MS: positiveInt(2500),
  BREAKER_FAILURE_THRESHOLD: positiveInt(3),
  BREAKER_COOLDOWN_MS: positiveInt(30_000),
})

export type OriginsConfig = z.infer<typeof originsConfigSchema>

/** The origin URL of each region, keyed by region name. */
export function originUrls(config: OriginsConfig): Record<Region, string> {
  return {
    [REGIONS[0]]: config.ORIGIN_URL_US_EAST_1,
    [REGIONS[1]]: config.ORIGIN_URL_EU_WEST_1,
    [REGIONS[2]]: config.ORIGIN_URL_AP_SOUTHEAST_1,
  } as Record<Region, string>
}
