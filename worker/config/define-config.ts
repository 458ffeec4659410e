import type { z } from 'zod'
import { ApiError } from '../../shared/errors'

/**
 * Wraps a zod schema of environment variables into a parser that runs once per `env`
 * object and throws `BAD_ENVIRONMENT` naming the variables at fault (never their values).
 *
 * @example
 * const purchasesConfig = defineConfig(z.object({ APPLE_BUNDLE_ID: z.string().min(1) }))
 * const { APPLE_BUNDLE_ID } = purchasesConfig(c.env)
 */
export function defineConfig<S extends z.ZodType<object>>(schema: S) {
  const cache = new WeakMap<object, z.infer<S>>()
  return function readConfig(env: object): z.infer<S> {
    const cached = cache.get(env)
    if (cached) return cached
    const parsed = schema.safeParse(env)
    if (!parsed.success) {
      const names = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))]
      throw new ApiError(
        'BAD_ENVIRONMENT',
        `The server is misconfigured: environment variable ${names.join(', ')} is missing or invalid.`,
        { details: { variables: names } },
      )
    }
    cache.set(env, parsed.data)
    return parsed.data
  }
}
