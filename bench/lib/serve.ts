import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Miniflare } from 'miniflare'
import { unstable_getMiniflareWorkerOptions } from 'wrangler'

export type ServedWorker = {
  name: string
  url: string
  /** The workerd process serving it, for CPU accounting. */
  pid: number
  /** User + system CPU time of that process so far, in milliseconds. */
  cpuMs(): number
  dispose(): Promise<void>
}

const CLOCK_TICKS_PER_SECOND = 100

function childPids(): Set<number> {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], {
    encoding: 'utf8',
  })
  return new Set(out.split('\n').filter(Boolean).map(Number))
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15), in ms. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND
}

/**
 * Serves a built worker with Miniflare (workerd) the way it deploys: the bindings of its
 * wrangler config (KV, Durable Objects, vars), with `vars` overriding, on a free port.
 * Not `wrangler dev`, whose proxy caps throughput far below the runtime's.
 */
export async function serveWorker(options: {
  name: string
  configPath: string
  script: string
  vars?: Record<string, string>
}): Promise<ServedWorker> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(options.configPath)
  // Static assets (/docs) are served by Cloudflare's platform in front of the worker, not by
  // the worker's CPU; locally Miniflare emulates that with a router worker in front of
  // ours, an extra isolate hop on every request (measured: catalog 0.33 → 0.76 ms CPU per
  // request) that production does not bill to the worker. The scenarios measure the worker.
  const { assets: _platformAssets, ...served } = workerOptions as { assets?: unknown }
  const before = childPids()
  const mf = new Miniflare({
    ...(served as object),
    name: options.name,
    modules: true,
    scriptPath: options.script,
    bindings: { ...(workerOptions.bindings ?? {}), ...(options.vars ?? {}) },
    host: '127.0.0.1',
    port: 0,
    // Offline: Miniflare's placeholder `request.cf`, never a fetch.
    cf: false,
    // The worker's JSON log lines are drained, not echoed: echoing them would spend this
    // process's CPU (which also drives the load) on the scenario's side only. workerd still
    // writes every line, so the worker's own logging cost stays in its CPU figure.
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.resume()
      stderr.pipe(process.stderr)
    },
  } as ConstructorParameters<typeof Miniflare>[0])
  const url = (await mf.ready).toString().replace(/\/$/, '')
  const started = [...childPids()].filter((pid) => !before.has(pid))
  const pid = started[0]
  if (pid === undefined) throw new Error(`could not find the workerd process of ${options.name}`)
  return {
    name: options.name,
    url,
    pid,
    cpuMs: () => processCpuMs(pid),
    dispose: () => mf.dispose(),
  }
}
