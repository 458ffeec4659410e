import { readFileSync } from 'node:fs'
import { expect, inject, it } from 'vitest'
import { CLIENT_SCHEMA_PATH, renderClientSchema } from '../../scripts/client-schema'

it('has client/src/schema.ts generated from the served /openapi.json (else: npm run client:generate)', async () => {
  const res = await fetch(`${inject('cleanWorkerUrl')}/openapi.json`)
  expect(res.status).toBe(200)
  const generated = await renderClientSchema(await res.json())
  const committed = readFileSync(CLIENT_SCHEMA_PATH, 'utf8')
  // A plain equality: the diff vitest prints names the operations that drifted.
  expect(committed).toBe(generated)
})
