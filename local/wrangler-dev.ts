import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { parse } from 'smol-toml'

const ROOT = resolve(import.meta.dirname, '..')

/**
 * A copy of `wrangler.toml` that builds into `dataDir` (script and static assets) and
 * lives there: two stacks (a developer's and a test's) must not rebuild — and so reload —
 * each other's worker through a shared `dist/`. Everything else is `wrangler.toml` as is;
 * a `.dev.vars` in the repository is not read, since wrangler looks for it beside the
 * config file.
 */
export function writeWranglerDevConfig(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true })
  const config = parse(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')) as Record<string, unknown>
  const buildDir = join(dataDir, 'build')
  const assetsDir = join(dataDir, 'assets')
  const file = join(dataDir, 'wrangler.json')
  const devConfig = {
    ...config,
    main: join(buildDir, 'index.js'),
    assets: { ...(config.assets as object), directory: assetsDir },
    build: {
      command: `node --import tsx scripts/build-worker.ts --outdir ${JSON.stringify(buildDir)} --assets-dir ${JSON.stringify(assetsDir)}`,
      cwd: ROOT,
      watch_dir: [join(ROOT, 'worker'), join(ROOT, 'shared')],
    },
  }
  writeFileSync(file, JSON.stringify(devConfig, null, 2))
  return file
}

export type WranglerDevOptions = {
  configPath: string
  port: number
  inspectorPort: number
  persistTo: string
  /** A dotenv file of vars and secrets; none = only `wrangler.toml`'s `[vars]`. */
  envFile?: string
  stdio?: 'inherit' | 'pipe'
}

/** `wrangler dev` on 127.0.0.1 as a child of this process, run by this process's Node. */
export function spawnWranglerDev(options: WranglerDevOptions): ChildProcess {
  const args = [
    'dev',
    '--config',
    options.configPath,
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    ...(options.envFile ? ['--env-file', options.envFile] : []),
    '--persist-to',
    options.persistTo,
    '--show-interactive-dev-session=false',
    '--inspector-port',
    String(options.inspectorPort),
    '--log-level',
    'warn',
  ]
  const stdio = options.stdio ?? 'inherit'
  return spawn(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', stdio, stdio],
    env: {
      ...process.env,
      // Offline: use Miniflare's placeholder `request.cf` (Austin, TX) instead of fetching one.
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
    },
  })
}

/** Resolves once `url` answers `status`; rejects after `timeoutMs` or when `child` exits. */
export async function waitForStatus(
  url: string,
  status: number,
  options: { timeoutMs?: number; child?: ChildProcess } = {},
) {
  const timeoutMs = options.timeoutMs ?? 90_000
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (options.child && options.child.exitCode !== null) {
      throw new Error(`wrangler dev exited with ${options.child.exitCode}`)
    }
    const answered = await fetch(url).then(
      (res) => res.status === status,
      () => false,
    )
    if (answered) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`)
}

/** A TCP port free on 127.0.0.1 right now (for `wrangler dev` and its inspector). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(),
      )
    })
  })
}
