import { z } from 'zod'
import { REGIONS, type Region } from '../../shared/regions'

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)
const bedrockHost = (region: Region) => `https://bedrock-runtime.${region}.amazonaws.com`

/**
 * Bedrock's variables. Endpoints default to the real regional hosts; the local stack points
 * them at the emulator. `BEDROCK_FORWARD_EMULATOR_HEADERS` lets tests pass fault-injection
 * headers through to the emulator and is refused in production.
 */
export const bedrockConfigSchema = z
  .object({
    DEPLOY_ENV: z.enum(['production', 'sandbox', 'local']),
    EDGE_AWS_ACCESS_KEY_ID: z.string().min(16),
    EDGE_AWS_SECRET_ACCESS_KEY: z.string().min(16),
    // Optional: another identity for Bedrock only (the local stack signs its origins with
    // local keys, so `npm run dev` against real Bedrock needs real ones here).
    BEDROCK_AWS_ACCESS_KEY_ID: z.string().min(16).optional(),
    BEDROCK_AWS_SECRET_ACCESS_KEY: z.string().min(16).optional(),
    BEDROCK_URL_US_EAST_1: z.url().default(bedrockHost('us-east-1')),
    BEDROCK_URL_EU_WEST_1: z.url().default(bedrockHost('eu-west-1')),
    BEDROCK_URL_AP_SOUTHEAST_1: z.url().default(bedrockHost('ap-southeast-1')),
    BEDROCK_ATTEMPT_TIMEOUT_MS: positiveInt(20_000),
    BEDROCK_DEADLINE_MS: positiveInt(45_000),
    BEDROCK_MAX_TOKENS: positiveInt(3_000).pipe(z.number().max(10_000)),
    BEDROCK_FORWARD_EMULATOR_HEADERS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    MODEL_CALLS_PER_DAY: positiveInt(30),
  })
  .refine((c) => !(c.BEDROCK_FORWARD_EMULATOR_HEADERS && c.DEPLOY_ENV === 'production'), {
    path: ['BEDROCK_FORWARD_EMULATOR_HEADERS'],
    message: 'must not be true in production',
  })
  .refine((c) => !c.BEDROCK_AWS_ACCESS_KEY_ID === !c.BEDROCK_AWS_SECRET_ACCESS_KEY, {
    path: ['BEDROCK_AWS_SECRET_ACCESS_KEY'],
    message: 'set both BEDROCK_AWS_ACCESS_KEY_ID and BEDROCK_AWS_SECRET_ACCESS_KEY, or neither',
  })

export type BedrockConfig = z.infer<typeof bedrockConfigSchema>

/** The identity Bedrock calls are signed with: the edge's unless a Bedrock one is set. */
export function bedrockCredentials(config: BedrockConfig) {
  return {
    accessKeyId: config.BEDROCK_AWS_ACCESS_KEY_ID ?? config.EDGE_AWS_ACCESS_KEY_ID,
    secretAccessKey: config.BEDROCK_AWS_SECRET_ACCESS_KEY ?? config.EDGE_AWS_SECRET_ACCESS_KEY,
  }
}

/** Each region's Converse endpoint base URL. */
export function bedrockEndpoints(config: BedrockConfig): Record<Region, string> {
  return {
    [REGIONS[0]]: config.BEDROCK_URL_US_EAST_1,
    [REGIONS[1]]: config.BEDROCK_URL_EU_WEST_1,
    [REGIONS[2]]: config.BEDROCK_URL_AP_SOUTHEAST_1,
  } as Record<Region, string>
}
