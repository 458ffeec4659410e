import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../../..')

/** Writes `worker.env` the way `npm run dev` does (values single-quoted, taken literally). */
export function writeWorkerEnv(dataDir: string, vars: Record<string, string>) {
  const lines = Object.entries(vars).map(([name, value]) =>
    /['\n\r]/.test(value) ? `${name}=${JSON.stringify(value)}` : `${name}='${value}'`,
  )
  writeFileSync(join(dataDir, 'worker.env'), `${lines.join('\n')}\n`)
}

/** A loopback port nothing listens on (taken, then released). */
export function closedPort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolvePort(port))
    })
  })
}

/** Runs `npm run local -- <args>`'s script (`local/cli.ts`) with `DEV_DATA_DIR` set. */
export function runCli(
  args: string[],
  dataDir: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DEV_DATA_DIR: dataDir },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }))
  })
}
