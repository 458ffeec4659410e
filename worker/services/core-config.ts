import { z } from 'zod'

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

/** What every request may read: which deployment this is, its version, the body limit. */
export const coreConfigSchema = z.object({
  APP_VERSION: z.string().min(1).default('0.0.0-dev'),
  DEPLOY_ENV: z.enum(['production', 'sandbox', 'local']),
  MAX_BODY_BYTES: positiveInt(64 * 1024),
})

export type CoreConfig = z.infer<typeof coreConfigSchema>

/** Where this worker runs: `production`, `sandbox` or `local`. */
export type DeployEnv = CoreConfig['DEPLOY_ENV']
