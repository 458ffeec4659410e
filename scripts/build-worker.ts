import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { copyDocsAssets, DOCS_ASSETS_DIR } from './docs-assets'

const ROOT = resolve(import.meta.dirname, '..')
const OUT_DIR = join(ROOT, 'dist/worker')

/**
 * zod 4's namespace export (`z.locales`) pulls all ~50 locales (260 KB of the minified
 * worker, measured in bench/) into any bundler that cannot shake a namespace object that
 * escapes, as esbuild cannot here (`@hono/zod-openapi` re-exports `z`). The API answers in
 * English only, so zod's locale index resolves to English alone; zod's default messages
 * come from `locales/en.js`, which its schemas import directly.
 */
const englishOnlyZodLocales: Plugin = {
  name: 'english-only-zod-locales',
  setup(builder) {
    builder.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'english-only' }
        : undefined,
    )
    builder.onLoad({ filter: /.*/, namespace: 'english-only' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js'",
      resolveDir: ROOT,
      loader: 'js',
    }))
  },
}

/**
 * Builds the worker the way it deploys: one minified ES module for workerd, with
 * `cloudflare:*` built-ins left to the runtime. `wrangler.toml`'s `[build]` runs this for
 * `wrangler deploy` and `wrangler dev` (on every change under `watch_dir`).
 */
export async function buildWorker(outDir = OUT_DIR) {
  mkdirSync(outDir, { recursive: true })
  await build({
    entryPoints: [join(ROOT, 'worker/index.ts')],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2023',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['cloudflare:*', 'node:*'],
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    plugins: [englishOnlyZodLocales],
    logLevel: 'warning',
  })
}

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(name)
  return index > 0 ? resolve(process.argv[index + 1] ?? fallback) : fallback
}

// `--outdir <dir>` and `--assets-dir <dir>` let each `npm run dev` build into its own data
// directory; the static assets (the /docs renderer) are copied alongside the script.
await Promise.all([
  buildWorker(flag('--outdir', OUT_DIR)),
  copyDocsAssets(flag('--assets-dir', DOCS_ASSETS_DIR)),
])
