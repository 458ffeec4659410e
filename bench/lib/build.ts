import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

export const ROOT = resolve(import.meta.dirname, '../..')
export const BUILD_DIR = join(ROOT, 'bench/.build')
/** Run with this process's Node (22), whatever `node` is first on PATH. */
export const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js')

export type Bundle = { script: string; rawBytes: number; gzipBytes: number }

/** Builds a worker exactly as `wrangler deploy` would (dry run) and sizes the upload. */
export function buildWorker(configPath: string, name: string): Bundle {
  const outdir = join(BUILD_DIR, name)
  mkdirSync(outdir, { recursive: true })
  execFileSync(
    process.execPath,
    [WRANGLER, 'deploy', '--dry-run', '--config', configPath, '--outdir', outdir],
    { cwd: ROOT, stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  const script = join(outdir, 'index.js')
  const code = readFileSync(script)
  return { script, rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length }
}
