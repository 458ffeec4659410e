import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'smol-toml'
import { createLogger } from '../shared/log'
import { type LocalStack, startStack } from './stack'
import { type StackControl, startStackControl } from './stack-control'

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
  const wrangler = startWrangler(envFile)
  const stop = shutdown(stack, control, wrangler)
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  wrangler.on('exit', (code) => {
    log.error('wrangler dev exited', { code })
    stop()
  })
  await waitForHealth(`http://127.0.0.1:${PORT}/health`)
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

/**
 * The dev stack's own copy of `wrangler.toml`, building into its data directory: two
 * stacks (a developer's and an end-to-end test's) must not rebuild — and so reload — each
 * other's worker through a shared `dist/`.
 */
function writeDevConfig(): string {
  const config = parse(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')) as Record<string, unknown>
  const buildDir = join(DATA_DIR, 'build')
  const file = join(DATA_DIR, 'wrangler.json')
  const devConfig = {
    ...config,
    main: join(buildDir, 'index.js'),
    build: {
      command: `node --import tsx scripts/build-worker.ts --outdir ${JSON.stringify(buildDir)}`,
      cwd: ROOT,
      watch_dir: [join(ROOT, 'worker'), join(ROOT, 'shared')],
    },
  }
  writeFileSync(file, JSON.stringify(devConfig, null, 2))
  return file
}

function startWrangler(envFile: string): ChildProcess {
  const args = [
    'dev',
    '--config',
    writeDevConfig(),
    '--ip',
    '127.0.0.1',
    '--port',
    String(PORT),
    '--env-file',
    envFile,
    '--persist-to',
    join(DATA_DIR, 'wrangler'),
    '--show-interactive-dev-session=false',
    '--inspector-port',
    String(INSPECTOR_PORT),
    '--log-level',
    'warn',
  ]
  // This process's Node (22) runs wrangler, whatever `node` is first on PATH.
  return spawn(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      // Offline: use Miniflare's placeholder `request.cf` (Austin, TX) instead of fetching one.
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
    },
  })
}

async function waitForHealth(url: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (res) => res.status === 200,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the worker did not answer ${url} within ${timeoutMs} ms`)
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
