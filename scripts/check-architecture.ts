/**
 * The layering rules of the repository, checked on every `npm run lint`:
 *
 * - `shared/` holds the contracts every tier agrees on and imports no tier;
 * - `origin/` and `infra/` never import `worker/` (they share contracts through `shared/`);
 * - the deployed tiers (`worker/`, `origin/`) never import `local/`, `infra/` or `test/`;
 * - the worker's domain folders form no cycle (`auth → refresh-families → auth`, say).
 *
 * Type-only imports are not counted: they vanish at run time (a domain may name the
 * composition root's `Services` type; only the root builds services).
 *
 * Prints each violation with the importing file; exit code 1 when there is one.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROOT = resolve(import.meta.dirname, '..')
const TIERS = ['worker', 'origin', 'shared', 'infra', 'local', 'test', 'bench', 'scripts']
const FORBIDDEN: Record<string, readonly string[]> = {
  shared: ['worker', 'origin', 'infra', 'local', 'test', 'bench'],
  origin: ['worker', 'local', 'infra', 'test', 'bench'],
  worker: ['origin', 'local', 'infra', 'test', 'bench'],
  infra: ['worker', 'local', 'test', 'bench'],
}

/** Every relative import of every TypeScript file under `dirs`: [from, to] repo paths. */
export function importEdges(root: string, dirs: readonly string[]): [string, string][] {
  const edges: [string, string][] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.tsx?$/.test(entry.name)) {
        const source = readFileSync(join(root, path), 'utf8')
        // Type-only imports vanish at run time: the rules are about what runs.
        const statements = /^(?:import|export)(\s+type\b)?[^;]*?\bfrom\s*'(\.{1,2}\/[^']+)'/gms
        for (const match of source.matchAll(statements)) {
          if (!match[1]) edges.push([path, normalize(join(dirname(path), match[2] as string))])
        }
        for (const match of source.matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) {
          edges.push([path, normalize(join(dirname(path), match[1] as string))])
        }
      }
    }
  }
  for (const dir of dirs) walk(dir)
  return edges
}

const tierOf = (path: string) => path.split('/')[0] ?? ''
const folderOf = (path: string) => path.split('/').slice(0, 2).join('/')

/** Cycles among the worker's top-level folders (Tarjan's strongly connected components). */
export function folderCycles(edges: readonly [string, string][]): string[][] {
  const graph = new Map<string, Set<string>>()
  for (const [from, to] of edges) {
    if (tierOf(from) !== 'worker' || tierOf(to) !== 'worker') continue
    const a = folderOf(from)
    const b = folderOf(to)
    if (a === b || !a.includes('/') || !b.includes('/')) continue
    if (!graph.has(a)) graph.set(a, new Set())
    graph.get(a)?.add(b)
  }
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (node: string) => {
    indices.set(node, index)
    low.set(node, index++)
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, indices.get(next) ?? 0))
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = []
      for (;;) {
        const member = stack.pop() as string
        onStack.delete(member)
        component.push(member)
        if (member === node) break
      }
      if (component.length > 1) cycles.push(component.sort())
    }
  }
  for (const node of graph.keys()) if (!indices.has(node)) visit(node)
  return cycles
}

/** Every broken rule, in words. */
export function violations(edges: readonly [string, string][]): string[] {
  const found: string[] = []
  for (const [from, to] of edges) {
    const forbidden = FORBIDDEN[tierOf(from)]
    if (forbidden?.includes(tierOf(to))) found.push(`${from} imports ${to}`)
  }
  for (const cycle of folderCycles(edges)) found.push(`folder cycle: ${cycle.join(' ↔ ')}`)
  return found
}

function main() {
  const found = violations(importEdges(ROOT, TIERS))
  if (found.length === 0) return
  console.error('check-architecture: layering rules broken (see scripts/check-architecture.ts):')
  for (const line of found) console.error(`- ${line}`)
  process.exitCode = 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main()
