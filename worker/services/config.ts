import type { z } from 'zod'
import { ApiError } from '../../shared/errors'
import { appleSignInConfigSchema, authConfigSchema, googleSignInConfigSchema } from '../auth/config'
import { bedrockConfigSchema } from '../bedrock/config'
import { catalogConfigSchema } from '../catalog/config'
import { novaSonicConfigSchema } from '../nova-sonic/config'
import { originsConfigSchema } from '../origin-client/config'
import { appleApiConfigSchema, appleConfigSchema } from '../purchases/apple/config'
import { googleConfigSchema, pubsubConfigSchema } from '../purchases/google/config'
import { rateLimitConfigSchema } from '../rate-limit/config'
import { speakingConfigSchema } from '../speaking/config'
import { coreConfigSchema } from './core-config'

/**
 * Every variable the worker reads, by section. Each domain owns its section's zod schema;
 * this table is the one place they are read from the environment (and what
 * `npm run check-config` validates before a deploy). A section is parsed on first use,
 * once per isolate: a missing or invalid variable fails only the routes that need it,
 * with 500 `BAD_ENVIRONMENT` naming the variable, never its value.
 */
export const CONFIG_SECTIONS = {
  core: coreConfigSchema,
  origins: originsConfigSchema,
  auth: authConfigSchema,
  appleSignIn: appleSignInConfigSchema,
  googleSignIn: googleSignInConfigSchema,
  rateLimit: rateLimitConfigSchema,
  catalog: catalogConfigSchema,
  apple: appleConfigSchema,
  appleApi: appleApiConfigSchema,
  google: googleConfigSchema,
  pubsub: pubsubConfigSchema,
  bedrock: bedrockConfigSchema,
  novaSonic: novaSonicConfigSchema,
  speaking: speakingConfigSchema,
} as const satisfies Record<string, z.ZodType<object>>

export type ConfigSection = keyof typeof CONFIG_SECTIONS

/** The parsed configuration: each property parses its section on first read. */
export type Config = { readonly [K in ConfigSection]: z.infer<(typeof CONFIG_SECTIONS)[K]> }

/**
 * Sections a deployment may leave out entirely (a local choice, not a fault): set up when
 * any of the named variables is present, and then validated in full.
 */
const OPTIONAL_SECTIONS: Partial<Record<ConfigSection, readonly string[]>> = {
  appleApi: ['APPLE_API_ISSUER_ID', 'APPLE_API_KEY_ID', 'APPLE_API_PRIVATE_KEY'],
}

/** One section that does not parse: the variables at fault (names only). */
export type ConfigProblem = { section: ConfigSection; variables: string[]; messages: string[] }

/** Parses one section, or answers what is wrong with it. */
export function parseSection<K extends ConfigSection>(
  env: object,
  section: K,
): { ok: true; value: Config[K] } | { ok: false; problem: ConfigProblem } {
  const parsed = CONFIG_SECTIONS[section].safeParse(env)
  if (parsed.success) return { ok: true, value: parsed.data as Config[K] }
  const issues = parsed.error.issues
  const variables = [...new Set(issues.map((issue) => issue.path.join('.')))]
  const messages = issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
  return { ok: false, problem: { section, variables, messages } }
}

/** The `BAD_ENVIRONMENT` error for a section that does not parse. */
export function misconfigured(problem: ConfigProblem): ApiError {
  return new ApiError(
    'BAD_ENVIRONMENT',
    `The server is misconfigured: environment variable ${problem.variables.join(', ')} is missing or invalid.`,
    { details: { variables: problem.variables } },
  )
}

/**
 * Whether a deployment set an optional section up at all (a half-set one counts as set
 * up, so reading it then names what is missing). Required sections are always set up.
 *
 * @example
 * if (!sectionConfigured(env, 'appleApi')) return 'unchecked'
 */
export function sectionConfigured(env: object, section: ConfigSection): boolean {
  const markers = OPTIONAL_SECTIONS[section]
  if (!markers) return true
  const vars = env as Record<string, unknown>
  return markers.some((name) => vars[name] !== undefined)
}

/**
 * The configuration of `env`, each section parsed on first read and kept (the isolate's
 * `env` lives as long as the isolate). Reading a section that does not parse throws
 * `BAD_ENVIRONMENT`. `given` sections are taken as they are (tests set one section so).
 *
 * @example
 * const config = readConfig(env)
 * config.auth.AUTH_ISSUER // parsed once, on this first read
 */
export function readConfig(env: object, given: Partial<Config> = {}): Config {
  const parsed = new Map<ConfigSection, unknown>(
    Object.entries(given) as [ConfigSection, unknown][],
  )
  const config = {} as Config
  for (const section of Object.keys(CONFIG_SECTIONS) as ConfigSection[]) {
    Object.defineProperty(config, section, {
      enumerable: true,
      get() {
        if (parsed.has(section)) return parsed.get(section)
        const result = parseSection(env, section)
        if (!result.ok) throw misconfigured(result.problem)
        parsed.set(section, result.value)
        return result.value
      },
    })
  }
  return config
}

/**
 * Every problem of `env`, section by section (optional sections only when set up): what
 * the pre-deploy check reports. Empty means every route can run.
 *
 * @example
 * checkConfig({ DEPLOY_ENV: 'production' }) // [{ section: 'origins', variables: ['ORIGIN_URL_US_EAST_1', …] }, …]
 */
export function checkConfig(env: object): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  for (const section of Object.keys(CONFIG_SECTIONS) as ConfigSection[]) {
    if (!sectionConfigured(env, section)) continue
    const result = parseSection(env, section)
    if (!result.ok) problems.push(result.problem)
  }
  return problems
}
