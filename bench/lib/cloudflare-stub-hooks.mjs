// Node module hooks for measuring the worker bundle's global scope outside workerd:
// `cloudflare:*` built-ins resolve to empty stand-ins (classes to extend, no behaviour).
// `registerHooks` runs them in-thread: `register` starts a loader worker thread whose
// start-up (~150 ms here) would be counted as the worker's global scope.
import { registerHooks } from 'node:module'

const STUB =
  'export class DurableObject {} export class WorkerEntrypoint {} export class RpcTarget {} export const env = {}'

registerHooks({
  resolve(specifier, context, next) {
    if (specifier.startsWith('cloudflare:')) return { url: `stub:${specifier}`, shortCircuit: true }
    return next(specifier, context)
  },
  load(url, context, next) {
    if (url.startsWith('stub:')) return { format: 'module', shortCircuit: true, source: STUB }
    return next(url, context)
  },
})
