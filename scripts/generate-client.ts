import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  freePort,
  spawnWranglerDev,
  waitForStatus,
  writeWranglerDevConfig,
} from '../local/wrangler-dev'
import { CLIENT_SCHEMA_PATH, renderClientSchema } from './client-schema'

/**
 * `npm run client:generate`: serves the worker as `wrangler dev` does from a clean clone,
 * reads its /openapi.json and writes `client/src/schema.ts`. Run it after changing a route;
 * `npm test` (test/wrangler/client-drift.test.ts) fails until you do.
 */
async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ielts-client-generate-'))
  const port = await freePort()
  const child = spawnWranglerDev({
    configPath: writeWranglerDevConfig(dataDir),
    port,
    inspectorPort: await freePort(),
    persistTo: join(dataDir, 'state'),
    stdio: 'pipe',
  })
  try {
    const url = `http://127.0.0.1:${port}/openapi.json`
    await waitForStatus(url, 200, { child, timeoutMs: 150_000 })
    const doc = await (await fetch(url)).json()
    writeFileSync(CLIENT_SCHEMA_PATH, await renderClientSchema(doc))
    console.log(`wrote ${CLIENT_SCHEMA_PATH}`)
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
