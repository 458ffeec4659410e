import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import {
  freePort,
  spawnWranglerDev,
  waitForStatus,
  writeWranglerDevConfig,
} from '../../local/wrangler-dev'

declare module 'vitest' {
  export interface ProvidedContext {
    /** `wrangler dev` on `wrangler.toml` alone: no `.dev.vars`, no secret, no local stack. */
    cleanWorkerUrl: string
  }
}

/**
 * Starts one `wrangler dev` as a developer gets it from a clean clone (the committed
 * `wrangler.toml`, its `[build]` and `[assets]`, no secret) for the tests that need the
 * served worker from Node: the docs page in Chromium, the spec's lint and the client's
 * drift check.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ielts-wrangler-'))
  const port = await freePort()
  let output = ''
  const child: ChildProcess = spawnWranglerDev({
    configPath: writeWranglerDevConfig(dataDir),
    port,
    inspectorPort: await freePort(),
    persistTo: join(dataDir, 'state'),
    stdio: 'pipe',
  })
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForStatus(`${url}/openapi.json`, 200, { child, timeoutMs: 150_000 })
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${String(error)}\n${output}`)
  }
  project.provide('cleanWorkerUrl', url)
  return async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
    rmSync(dataDir, { recursive: true, force: true })
  }
}
