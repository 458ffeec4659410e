import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../..')

export type DevStack = {
  apiUrl: string
  controlUrl: string
  output(): string
  stop(): Promise<number | null>
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(),
      )
    })
  })
}

/**
 * Runs `npm run dev`'s launcher exactly as a developer would (its own data directory and
 * ports) and resolves once it prints its ready line.
 */
export async function startDevStack(timeoutMs = 150_000): Promise<DevStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ielts-dev-'))
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/dev.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      INSPECTOR_PORT: String(await freePort()),
      DEV_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  await waitFor(
    () => output.includes('ready: API'),
    child,
    timeoutMs,
    () => output,
  )
  const { controlUrl } = JSON.parse(readFileSync(join(dataDir, 'dev-stack.json'), 'utf8'))
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    controlUrl,
    output: () => output,
    stop: () =>
      new Promise((resolveStop) => {
        child.once('exit', (code) => {
          rmSync(dataDir, { recursive: true, force: true })
          resolveStop(code)
        })
        child.kill('SIGINT')
      }),
  }
}

async function waitFor(
  ready: () => boolean,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`dev stack exited early:\n${output()}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`dev stack not ready in ${timeoutMs} ms:\n${output()}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}
