/**
 * Pre-deploy check of the worker's configuration: validates every section of
 * `worker/services/config.ts` against the variables a deployment would have (the
 * environment's `[vars]` in wrangler.toml, its bindings, and its secrets) and refuses a
 * configuration in which any route would answer 500 `BAD_ENVIRONMENT`.
 *
 *   npm run check-config -- --env production --secrets-from-wrangler
 *   npm run check-config -- --env production --secrets-file prod.secrets.env
 *   npm run check-config -- --env production --secret-names ACCESS_TOKEN_KEYS,PASSWORD_PEPPER,…
 *
 * `--secrets-file` (dotenv lines) validates secret values in full; `--secret-names` and
 * `--secrets-from-wrangler` (`wrangler secret list`) know only which secrets exist, so
 * their formats are taken on trust. Prints what is wrong by variable name, never a value.
 * Exit code 1 when anything is wrong.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { parse } from 'smol-toml'
import { type ConfigProblem, checkConfig } from '../worker/services/config'

const ROOT = resolve(import.meta.dirname, '..')

type Wrangler = {
  vars?: Record<string, unknown>
  kv_namespaces?: { binding: string }[]
  durable_objects?: { bindings?: { name: string }[] }
  env?: Record<string, Omit<Wrangler, 'env'>>
}

/** What one check found: problems by section, plus deploy-only findings. */
export type ConfigReport = { problems: ConfigProblem[]; findings: string[] }

/** A stand-in for a binding (KV, Durable Object namespace) that the deployment declares. */
const declaredBinding = { get: () => null, put: () => null, idFromName: () => null }

/**
 * The variables and bindings `wrangler deploy --env <name>` would give the worker. Like
 * wrangler, an environment's `vars` and bindings replace the top level's (not inherited).
 */
export function deploymentEnv(toml: Wrangler, envName: string | undefined) {
  const scope = envName && toml.env?.[envName] ? toml.env[envName] : toml
  const env: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(scope.vars ?? {})) env[name] = String(value)
  for (const kv of scope.kv_namespaces ?? []) env[kv.binding] = declaredBinding
  for (const ns of scope.durable_objects?.bindings ?? []) env[ns.name] = declaredBinding
  return env
}

/** Dotenv `NAME=value` lines (quotes stripped, `#` comments skipped). */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line)
    if (!match?.[1]) continue
    out[match[1]] = (match[2] ?? '').replace(/^'(.*)'$|^"(.*)"$/s, '$1$2')
  }
  return out
}

/**
 * Checks `env` as a deployment would run it. Secrets known by name only are present but
 * unreadable: problems that name nothing but such secrets are not reported.
 */
export function checkDeployment(
  env: Record<string, unknown>,
  secretNames: readonly string[] = [],
): ConfigReport {
  const withSecrets = { ...env }
  for (const name of secretNames) withSecrets[name] ??= '<set as a secret>'
  const trusted = new Set(secretNames)
  const problems = checkConfig(withSecrets)
    .map((problem) => ({
      ...problem,
      variables: problem.variables.filter((name) => !trusted.has(name)),
      messages: problem.messages.filter((message) => !trusted.has(message.split(':')[0] ?? '')),
    }))
    .filter((problem) => problem.variables.length > 0)
  const findings: string[] = []
  if (env.DEPLOY_ENV === 'production') {
    for (const [name, value] of Object.entries(env)) {
      if (/^ORIGIN_URL_/.test(name) && /\.invalid(\/|$)/.test(String(value))) {
        findings.push(`${name} is still a placeholder: run npm run infra:outputs after cdk deploy`)
      }
    }
  }
  return { problems, findings }
}

function wranglerSecretNames(envName: string | undefined): string[] {
  const args = ['secret', 'list', '--format', 'json', ...(envName ? ['--env', envName] : [])]
  const out = execFileSync('npx', ['wrangler', ...args], { cwd: ROOT, encoding: 'utf8' })
  return (JSON.parse(out) as { name: string }[]).map((secret) => secret.name)
}

function main() {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      config: { type: 'string', default: 'wrangler.toml' },
      'secrets-file': { type: 'string' },
      'secret-names': { type: 'string' },
      'secrets-from-wrangler': { type: 'boolean', default: false },
    },
  })
  const toml = parse(readFileSync(resolve(ROOT, values.config), 'utf8')) as Wrangler
  const env = deploymentEnv(toml, values.env)
  if (values['secrets-file']) {
    Object.assign(env, parseDotenv(readFileSync(resolve(values['secrets-file']), 'utf8')))
  }
  const names = [
    ...(values['secret-names']?.split(',').map((name) => name.trim()) ?? []),
    ...(values['secrets-from-wrangler'] ? wranglerSecretNames(values.env) : []),
  ].filter(Boolean)
  const { problems, findings } = checkDeployment(env, names)
  const where = `${values.config}${values.env ? ` --env ${values.env}` : ''}`
  if (problems.length === 0 && findings.length === 0) {
    console.log(
      `check-config: ${where}: every section parses; nothing would answer BAD_ENVIRONMENT`,
    )
    return
  }
  console.error(`check-config: ${where} is not deployable:`)
  for (const problem of problems) {
    console.error(`- ${problem.section}: ${problem.variables.join(', ')}`)
    for (const message of problem.messages) console.error(`    ${message}`)
  }
  for (const finding of findings) console.error(`- ${finding}`)
  process.exitCode = 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main()
