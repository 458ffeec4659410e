import * as z from 'zod'

const originConfigSchema = z.object({
  /** Set by Lambda; the local server sets it per origin. */
  AWS_REGION: z.enum(['us-east-1', 'eu-west-1', 'ap-southeast-1']),
  TABLE_NAME: z.string().min(3),
  /** `rediss://` for ElastiCache Serverless (TLS required), `redis://` locally. */
  REDIS_URL: z.url(),
  /**
   * Set in AWS: the ElastiCache Serverless cache's name. The connection then authenticates
   * as the URL's user with IAM tokens signed by the function's own role (no stored secret).
   */
  REDIS_IAM_CACHE_NAME: z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
    .optional(),
  APP_VERSION: z.string().min(1).default('0.0.0-dev'),
  /** Local only: DynamoDB Local's endpoint. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Optional Upstash-style bearer token for the Redis REST routes (local tooling). */
  REDIS_REST_TOKEN: z.string().min(16).optional(),
})

export type OriginConfig = z.infer<typeof originConfigSchema>

let cached: OriginConfig | undefined

/**
 * The origin's environment, read once; throws naming the variables at fault (never their
 * values) so a misconfigured Lambda fails its first invocation loudly.
 */
export function originConfig(env: Record<string, string | undefined> = process.env): OriginConfig {
  if (cached && env === process.env) return cached
  const parsed = originConfigSchema.safeParse(env)
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))]
    throw new Error(`Origin environment variable ${names.join(', ')} is missing or invalid.`)
  }
  if (env === process.env) cached = parsed.data
  return parsed.data
}
