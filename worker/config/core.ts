import { z } from 'zod'
import { REGIONS } from '../../shared/regions'
import { defineConfig } from './define-config'

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

/** The variables every request needs: deployment, origins and the edge's AWS identity. */
export const coreConfigSchema = z.object({
  APP_VERSION: z.string().min(1).default('0.0.0-dev'),
  DEPLOY_ENV: z.enum(['production', 'sandbox', 'local']),
  ORIGIN_URL_US_EAST_1: z.url(),
  ORIGIN_URL_EU_WEST_1: z.url(),
  ORIGIN_URL_AP_SOUTHEAST_1: z.url(),
  EDGE_AWS_ACCESS_KEY_ID: z.string().min(16),
  EDGE_AWS_SECRET_ACCESS_KEY: z.string().min(16),
  ORIGIN_TIMEOUT_MS: positiveInt(2500),
  BREAKER_FAILURE_THRESHOLD: positiveInt(3),
  BREAKER_COOLDOWN_MS: positiveInt(30_000),
  MAX_BODY_BYTES: positiveInt(64 * 1024),
})

export type CoreConfig = z.infer<typeof coreConfigSchema>

export const readCoreConfig = defineConfig(coreConfigSchema)

/** The origin URL of each region, keyed by region name. */
export function originUrls(config: CoreConfig) {
  return {
    [REGIONS[0]]: config.ORIGIN_URL_US_EAST_1,
    [REGIONS[1]]: config.ORIGIN_URL_EU_WEST_1,
    [REGIONS[2]]: config.ORIGIN_URL_AP_SOUTHEAST_1,
  } as Record<(typeof REGIONS)[number], string>
}
