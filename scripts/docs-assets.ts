import { copyFile, mkdir, rename } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')

/** Where `wrangler.toml`'s `[assets]` directory points: the worker's static files. */
export const DOCS_ASSETS_DIR = join(ROOT, 'dist/assets')

/** The renderer's path under the assets directory, as `/docs` links it. */
export const SCALAR_ASSET = 'docs/scalar-api-reference.js'

/**
 * The standalone browser build of the pinned `@scalar/api-reference` (one self-contained
 * script, no CDN, no chunks). Resolved through the package's own directory so the copy is
 * whatever `npm ci` installed from the lock file.
 */
export function scalarStandalonePath(): string {
  const require = createRequire(join(ROOT, 'package.json'))
  const entry = require.resolve('@scalar/api-reference')
  return join(dirname(entry), 'browser/standalone.js')
}

/**
 * Copies the static assets the worker serves (today only the `/docs` renderer) into
 * `outDir`. The file is written under a temporary name and renamed, so a `wrangler dev`
 * watching the directory never serves half a file.
 *
 * @example
 * await copyDocsAssets('dist/assets') // dist/assets/docs/scalar-api-reference.js
 */
export async function copyDocsAssets(outDir = DOCS_ASSETS_DIR): Promise<string> {
  const target = join(outDir, SCALAR_ASSET)
  await mkdir(dirname(target), { recursive: true })
  const partial = `${target}.${process.pid}.partial`
  await copyFile(scalarStandalonePath(), partial)
  await rename(partial, target)
  return target
}
