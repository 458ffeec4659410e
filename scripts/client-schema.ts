import { resolve } from 'node:path'
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'

/** The generated types of the client, committed so a drift shows up in review and in tests. */
export const CLIENT_SCHEMA_PATH = resolve(import.meta.dirname, '../client/src/schema.ts')

const BANNER = `/**
 * Generated from the worker's /openapi.json by \`npm run client:generate\`
 * (openapi-typescript); do not edit. \`npm test\` fails when this file and the served
 * document disagree.
 */
`

/**
 * The TypeScript types of `doc` as `client/src/schema.ts` holds them. Deterministic: the
 * same document always gives the same text, so the drift check can compare strings.
 *
 * @example
 * const text = await renderClientSchema(await (await fetch(`${url}/openapi.json`)).json())
 */
export async function renderClientSchema(doc: unknown): Promise<string> {
  const ast = await openapiTS(doc as OpenAPI3, {
    alphabetize: true,
    exportType: true,
    // Our own types of the JSON bodies; binary and WebSocket frames are not in the document.
    defaultNonNullable: true,
  })
  return `${BANNER}${astToString(ast)}`
}
