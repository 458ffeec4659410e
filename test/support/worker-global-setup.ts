import type { TestProject } from 'vitest/node'
import { startStackProcess } from '../../local/spawn-stack'
import { copyDocsAssets } from '../../scripts/docs-assets'

declare module 'vitest' {
  export interface ProvidedContext {
    workerVars: Record<string, string>
    stackControlUrl: string
  }
}

/**
 * Starts the real local stack (DynamoDB Local, redis-server, three origins) once for the
 * worker tests and hands its addresses to the Workers runtime as bindings. Teardown fails
 * the run if the egress guard saw an outbound request to anything but loopback.
 */
export default async function setup(project: TestProject) {
  // `wrangler.toml`'s `[assets]`, which the Workers runtime serves before the worker.
  await copyDocsAssets()
  const stack = await startStackProcess()
  project.provide('workerVars', stack.workerVars)
  project.provide('stackControlUrl', stack.controlUrl)
  return () => stack.stop()
}
