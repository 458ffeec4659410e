import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createLogger } from '../shared/log'
import { type LocalStack, startStack } from './stack'
import { type StackControl, startStackControl } from './stack-control'
import { spawnWranglerDev, waitForStatus, writeWranglerDevConfig } from './wrangler-dev'

const ROOT = resolve(import.meta.dirname, '..')
const DATA_DIR = resolve(ROOT, process.env.DEV_DATA_DIR ?? '.local-data')
const PORT = Number(process.env.PORT ?? 8787)
const INSPECTOR_PORT = Number(process.env.INSPECTOR_PORT ?? 9229)
const log = createLogger({ service: 'dev' })
const SERVICES_ONLY = process.argv.includes('--services-only')
/** Where plain `wrangler dev` reads local vars and secrets: beside `wrangler.toml` (tests: their copy). */
const DEV_VARS = resolve(ROOT, process.env.DEV_VARS_FILE ?? '.dev.vars')
const DEV_VARS_MARK = '# Written by `npm run dev -- --services-only`; removed when it stops.'

/**
 * `npm run dev`: the whole API on loopback with no cloud account — DynamoDB Local,
 * redis-server, three regional origins, the emulators, and the worker under
 * `wrangler dev` on 127.0.0.1:8787. Ctrl-C stops every child it started.
 *
 * `npm run dev -- --services-only` starts everything but the worker and writes `.dev.vars`,
 * so a plain `npx wrangler dev` in another terminal serves the whole API against it.
 */
async function main() {
  const stack = await startStack({ dataDir: DATA_DIR })
  const control = await startStackControl(stack)
  writeFileSync(
    join(DATA_DIR, 'dev-stack.json'),
    JSON.stringify({ controlUrl: control.url, port: PORT }),
  )
  const envFile = join(DATA_DIR, 'worker.env')
  writeFileSync(envFile, toEnvFile(stack.workerVars()), { mode: 0o600 })
  if (SERVICES_ONLY) return servicesOnly(stack, control, envFile)
  const wrangler = spawnWranglerDev({
    configPath: writeWranglerDevConfig(DATA_DIR),
    port: PORT,
    inspectorPort: INSPECTOR_PORT,
    envFile,
    persistTo: join(DATA_DIR, 'wrangler'),
  })
  const stop = shutdown(stack, control, wrangler)
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  wrangler.on('exit', (code) => {
    log.error('wrangler dev exited', { code })
    stop()
  })
  await waitForStatus(`http://127.0.0.1:${PORT}/health`, 200)
  printReady(stack, control)
}

/**
 * Wrangler's dotenv keeps `\"` escaped inside double quotes, which breaks JSON values
 * (signing keys, service-account files): single-quote them (taken literally) unless the
 * value itself holds a single quote or a line break.
 */
function envValue(value: string): string {
  return /['\n\r]/.test(value) ? JSON.stringify(value) : `'${value}'`
}

function toEnvFile(vars: Record<string, string>): string {
  return `${Object.entries(vars)
    .map(([name, value]) => `${name}=${envValue(value)}`)
    .join('\n')}\n`
}

function printReady(stack: LocalStack, control: StackControl) {
  const origins = Object.entries(stack.origins)
    .map(([region, origin]) => `${region} ${origin.url}`)
    .join(', ')
  const emulators = stack.emulators
    .flatMap((emulator) => Object.entries(emulator.urls).map(([name, url]) => `${name} ${url}`))
    .join(', ')
  const api = SERVICES_ONLY
    ? `(npx wrangler dev) http://127.0.0.1:${PORT}`
    : `http://127.0.0.1:${PORT}`
  console.log(
    `\nready: API ${api} (docs /docs) | origins ${origins} | DynamoDB Local ${stack.dynamodb.endpoint} | Redis ${stack.redis.url} | control ${control.url} | emulators ${emulators || 'none'} | data in ${DATA_DIR}\n`,
  )
}

/**
 * The stack without the worker: `.dev.vars` gets the worker's local environment (the
 * stack's addresses, keys and emulators), which plain `wrangler dev` merges over
 * `wrangler.toml`'s `[vars]`. A `.dev.vars` this command did not write is left alone.
 */
function servicesOnly(stack: LocalStack, control: StackControl, envFile: string) {
  if (existsSync(DEV_VARS) && !readFileSync(DEV_VARS, 'utf8').startsWith(DEV_VARS_MARK)) {
    log.error('.dev.vars exists and was not written by --services-only: move it away first')
    return shutdown(stack, control)()
  }
  writeFileSync(DEV_VARS, `${DEV_VARS_MARK}\n${readFileSync(envFile, 'utf8')}`, { mode: 0o600 })
  const stop = shutdown(stack, control)
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  printReady(stack, control)
  console.log(
    `services only: wrote ${DEV_VARS}; in another terminal run \`npx wrangler dev\` (port ${PORT}) to serve the API against this stack\n`,
  )
}

function shutdown(stack: LocalStack, control: StackControl, wrangler?: ChildProcess) {
  let stopping = false
  return () => {
    if (stopping) return
    stopping = true
    if (SERVICES_ONLY) rmSync(DEV_VARS, { force: true })
    wrangler?.kill('SIGTERM')
    Promise.all([control.stop(), stack.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
}

main().catch((error: unknown) => {
  log.error('dev stack failed to start', { error: String(error) })
  process.exit(1)
})
