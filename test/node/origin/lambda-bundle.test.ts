import { resolve } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')

describe('the origin Lambda bundle', () => {
  // The AWS SDK's own SigV4 signer (its DynamoDB calls) belongs; our verifier does not.
  it('holds only what runs in Lambda: no local server, no SigV4 verifier, no worker code', async () => {
    // As the CDK stack bundles it (infra/lib/origin/function.ts): esbuild from origin/lambda.ts.
    const { metafile } = await build({
      entryPoints: [resolve(ROOT, 'origin/lambda.ts')],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const inputs = Object.keys(metafile.inputs)
    expect(inputs.some((path) => path.startsWith('origin/'))).toBe(true)
    const forbidden = inputs.filter(
      (path) =>
        path.startsWith('local/') ||
        path.startsWith('worker/') ||
        (/sigv4/i.test(path) && !path.startsWith('node_modules/')) ||
        path.includes('node_modules/@hono/node-server/'),
    )
    expect(forbidden).toEqual([])
  })
})
