import type { ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
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

/**
 * `npm run dev`: the whole API on loopback with no cloud account — DynamoDB Local,
 * redis-server, three regional origins, the emulators, and the worker under
 * `wrangler dev` on 127.0.0.1:8787. Ctrl-C stops every child it started.
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
  console.log(
    `\nready: API http://127.0.0.1:${PORT} (docs /docs) | origins ${origins} | DynamoDB Local ${stack.dynamodb.endpoint} | Redis ${stack.redis.url} | control ${control.url} | emulators ${emulators || 'none'} | data in ${DATA_DIR}\n`,
  )
}

function shutdown(stack: LocalStack, control: StackControl, wrangler: ChildProcess) {
  let stopping = false
  return () => {
    if (stopping) return
    stopping = true
    wrangler.kill('SIGTERM')
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
