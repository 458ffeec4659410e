// Node module hooks for measuring the worker bundle's global scope outside workerd:
// `cloudflare:*` built-ins resolve to empty stand-ins (classes to extend, no behaviour).
import { register } from 'node:module'

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('cloudflare:')) return { url: 'stub:' + specifier, shortCircuit: true }
  return next(specifier, context)
}
export async function load(url, context, next) {
  if (url.startsWith('stub:')) {
    return {
      format: 'module',
      shortCircuit: true,
      source: 'export class DurableObject {} export class WorkerEntrypoint {} export class RpcTarget {} export const env = {}',
    }
  }
  return next(url, context)
}`)}`,
)
