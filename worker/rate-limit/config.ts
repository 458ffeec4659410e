import { z } from 'zod'

/**
 * How much to scale every rate limit: `RATE_LIMIT_MULTIPLIER` lets a load test (bench/)
 * through the abuse limits of the local stack. Ignored in production, whatever it says.
 *
 * @example
 * new RateLimiter(redis, { multiplier: services.config.rateLimit.multiplier })
 */
export const rateLimitConfigSchema = z
  .object({
    DEPLOY_ENV: z.string().default('production'),
    RATE_LIMIT_MULTIPLIER: z.coerce.number().min(1).max(1_000_000).default(1),
  })
  .transform((config) => ({
    multiplier: config.DEPLOY_ENV === 'production' ? 1 : config.RATE_LIMIT_MULTIPLIER,
  }))
