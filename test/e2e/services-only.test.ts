import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  freePort,
  spawnWranglerDev,
  waitForStatus,
  writeWranglerDevConfig,
} from '../../local/wrangler-dev'

const ROOT = resolve(import.meta.dirname, '../..')

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.once('exit', (code) => r(code)))
}

// `npm run dev -- --services-only` in one terminal, plain `wrangler dev` in another. The
// test's wrangler config lives in its own directory (so it builds apart from a developer's
// dist/), and the services write `.dev.vars` beside it, where wrangler reads it.
describe('npm run dev -- --services-only with plain wrangler dev', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ielts-services-'))
  const workerDir = mkdtempSync(join(tmpdir(), 'ielts-plain-wrangler-'))
  const devVars = join(workerDir, '.dev.vars')
  let services: ChildProcess
  let wrangler: ChildProcess
  let url: string
  let output = ''

  beforeAll(async () => {
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    services = spawn(process.execPath, ['--import', 'tsx', 'local/dev.ts', '--services-only'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), DEV_DATA_DIR: dataDir, DEV_VARS_FILE: devVars },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    for (const stream of [services.stdout, services.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
      })
    }
    const deadline = Date.now() + 150_000
    while (!output.includes('services only:')) {
      if (services.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the services did not start:\n${output}`)
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    wrangler = spawnWranglerDev({
      configPath: writeWranglerDevConfig(workerDir),
      port,
      inspectorPort: await freePort(),
      persistTo: join(workerDir, 'state'),
      stdio: 'pipe',
    })
    await waitForStatus(`${url}/health`, 200, { child: wrangler, timeoutMs: 150_000 })
  })

  afterAll(async () => {
    wrangler?.kill('SIGTERM')
    await exited(wrangler)
    services?.kill('SIGINT')
    expect(await exited(services)).toBe(0)
    // Its addresses die with the stack: .dev.vars goes too, so wrangler dev is clean again.
    expect(existsSync(devVars)).toBe(false)
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(workerDir, { recursive: true, force: true })
  })

  it('writes .dev.vars with the local environment, only while it runs', () => {
    const vars = readFileSync(devVars, 'utf8')
    expect(vars).toMatch(/^# Written by `npm run dev -- --services-only`/)
    expect(vars).toMatch(/^EDGE_AWS_ACCESS_KEY_ID=/m)
    expect(vars).toMatch(/^DEPLOY_ENV='local'/m)
  })

  it('serves the whole API: every region healthy, and an account can be registered', async () => {
    const health = (await (await fetch(`${url}/health`)).json()) as {
      status: string
      unconfigured: string[]
    }
    expect(health).toMatchObject({ status: 'ok', unconfigured: [] })
    const res = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `e2e-services-${crypto.randomUUID()}@example.test`,
        password: `pw-${crypto.randomUUID()}`,
      }),
    })
    expect(res.status).toBe(201)
  })
})
