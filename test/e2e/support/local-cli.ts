import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import type { DevStack } from './dev-stack'

const ROOT = resolve(import.meta.dirname, '../../..')

export type LocalRun = { code: number | null; stdout: string; stderr: string }

/** The data directory a running `npm run dev` printed in its ready line (`data in <dir>`). */
export function devDataDir(dev: DevStack): string {
  const dir = /ready: API .* data in (\S+)/.exec(dev.output())?.[1]
  if (!dir) throw new Error(`no data directory in the ready line:\n${dev.output()}`)
  return dir
}

/**
 * Runs `npm run local -- <args>` as a developer would, pointed at the dev stack through
 * `DEV_DATA_DIR` (the CLI finds the stack by `<dataDir>/dev-stack.json`). Rejects, with
 * what the command printed, when it exits non-zero.
 *
 * @example
 * const { stdout } = await npmRunLocal(dataDir, ['purchase', 'apple', 'academic_writing', userId])
 */
export function npmRunLocal(dataDir: string, args: string[]): Promise<LocalRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('npm', ['run', 'local', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, DEV_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      const run = { code, stdout, stderr }
      if (code === 0) resolveRun(run)
      else reject(new Error(`npm run local -- ${args.join(' ')} exited ${code}:\n${stderr}`))
    })
  })
}

/** The command's own output: the last line on stdout (npm prints its banner before it). */
export function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  return lines.at(-1) ?? ''
}
