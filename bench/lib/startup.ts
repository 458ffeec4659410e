import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { BUILD_DIR, type Bundle, ROOT } from './build'
import { median } from './load'

const STUB_HOOKS = pathToFileURL(join(ROOT, 'bench/lib/cloudflare-stub-hooks.mjs')).href

/**
 * Time to evaluate the worker bundle's global scope, median of `runs` fresh Node
 * processes (V8, as in workerd). workerd freezes its clocks while a script runs, so it
 * cannot time itself; `cloudflare:*` imports resolve to empty stand-ins.
 */
export function measureGlobalScope(script: string, runs = 10): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(script).href)}); process.stdout.write(String(performance.now() - t))`
  const samples = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['--import', STUB_HOOKS, '--input-type=module', '-e', code], {
        encoding: 'utf8',
      }),
    ),
  )
  return median(samples)
}

/**
 * Bundles a Lambda entry the way the CDK stack bundles the origin and sizes it: by default
 * `origin/lambda.ts`; `bench/baseline/lambda.ts` is the bare handler it is compared with.
 */
export async function buildOriginLambda(
  entry = 'origin/lambda.ts',
  name = 'origin',
): Promise<Bundle> {
  const outdir = join(BUILD_DIR, name)
  mkdirSync(outdir, { recursive: true })
  const script = join(outdir, 'index.mjs')
  await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    outfile: script,
    banner: {
      js: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  })
  const code = readFileSync(script)
  return { script, rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length }
}

/**
 * Cold start of the origin Lambda bundle in Node: from spawning the process to the first
 * handled Function URL request (`GET /health` against the local table and Redis), median
 * of `runs`.
 */
export async function measureColdStart(
  script: string,
  env: Record<string, string>,
  runs = 10,
): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) samples.push(await coldStartOnce(script, env))
  return median(samples)
}

function coldStartOnce(script: string, env: Record<string, string>): Promise<number> {
  const event = {
    version: '2.0',
    rawPath: '/health',
    rawQueryString: '',
    headers: { host: 'origin.lambda-url.local' },
    requestContext: { http: { method: 'GET', path: '/health', sourceIp: '127.0.0.1' } },
    isBase64Encoded: false,
  }
  const code = `const { handler } = await import(${JSON.stringify(pathToFileURL(script).href)}); const r = await handler(${JSON.stringify(event)}, {}); process.stdout.write('COLD_START_STATUS=' + r.statusCode + '\\n'); process.exit(0)`
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.on('exit', () => {
      const status = /COLD_START_STATUS=(\d+)/.exec(out)?.[1]
      if (status !== '200')
        return reject(new Error(`origin cold start answered ${status ?? 'nothing'}`))
      resolve(performance.now() - started)
    })
  })
}
