import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './build'
import { renderChart } from './chart'

export type ScenarioReport = {
  name: string
  label: string
  unavailable?: string
  requestsPerSecond?: number
  p50Ms?: number
  p99Ms?: number
  baselineRequestsPerSecond?: number
  baselineP99Ms?: number
  /** Median over pairs of scenario req/s ÷ baseline req/s measured back to back. */
  ratio?: number
  p99Ratio?: number
  /** workerd process CPU time ÷ requests sent, read once it went quiet (runtime overhead included). */
  cpuMsPerRequest?: number | null
  baselineCpuMsPerRequest?: number | null
  /** Origin data + Redis requests counted at the origins ÷ requests sent. */
  originRoundTripsPerRequest?: number
  non2xx?: number
  errors?: number
}

export type BenchReport = {
  commit: string
  date: string
  machine: string
  settings: { connections: number; durationSeconds: number; pairs: number }
  scenarios: ScenarioReport[]
  size: {
    workerRawBytes: number
    workerGzipBytes: number
    baselineGzipBytes: number
    globalScopeMs: number
    baselineGlobalScopeMs: number
    originRawBytes: number
    originGzipBytes: number
    /** A bare `hono/aws-lambda` handler with the same DynamoDB client, same run. */
    bareLambdaRawBytes?: number
    bareLambdaColdStartMs?: number
    originColdStartMs: number
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const fixed = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? '—' : value.toFixed(digits)

/** The table printed on stdout (also pasted into bench/README.md). */
export function formatTable(report: BenchReport): string {
  const head =
    '| scenario | req/s | p50 ms | p99 ms | baseline req/s | ratio | p99 ratio | CPU ms/req (baseline) | origin trips/req | non-2xx |'
  const rule = `|${'---|'.repeat(10)}`
  const rows = report.scenarios.map((s) =>
    s.unavailable
      ? `| ${s.label} | skipped: ${s.unavailable} |||||||||`
      : `| ${s.label} | ${fixed(s.requestsPerSecond, 0)} | ${fixed(s.p50Ms)} | ${fixed(s.p99Ms)} | ${fixed(s.baselineRequestsPerSecond, 0)} | ${fixed(s.ratio, 2)}× | ${fixed(s.p99Ratio, 2)}× | ${fixed(s.cpuMsPerRequest, 2)} (${fixed(s.baselineCpuMsPerRequest, 2)}) | ${fixed(s.originRoundTripsPerRequest, 2)} | ${s.non2xx ?? 0} |`,
  )
  const z = report.size
  const sizes = [
    '',
    '| size and start-up | value |',
    '|---|---|',
    `| worker bundle (raw / gzip) | ${kb(z.workerRawBytes)} / ${kb(z.workerGzipBytes)} |`,
    `| baseline bundle (gzip) | ${kb(z.baselineGzipBytes)} |`,
    `| worker global scope (baseline) | ${fixed(z.globalScopeMs)} ms (${fixed(z.baselineGlobalScopeMs)} ms) |`,
    `| origin Lambda bundle (raw / gzip) | ${kb(z.originRawBytes)} / ${kb(z.originGzipBytes)} |`,
    `| origin cold start in Node (median of 5 interleaved pairs of 2) | ${fixed(z.originColdStartMs, 0)} ms |`,
    `| bare hono/aws-lambda + same DynamoDB client (raw / cold start) | ${kb(z.bareLambdaRawBytes ?? 0)} / ${fixed(z.bareLambdaColdStartMs, 0)} ms |`,
  ]
  return [head, rule, ...rows, ...sizes].join('\n')
}

/** Prints the table and writes `bench/results/latest.json` and `latest.svg`. */
export function writeReport(report: BenchReport) {
  const dir = join(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`)
  const rows = report.scenarios
    .filter((s) => !s.unavailable)
    .map((s) => ({
      scenario: s.label,
      rps: s.requestsPerSecond ?? 0,
      baselineRps: s.baselineRequestsPerSecond ?? 0,
      p99Ms: s.p99Ms ?? 0,
      baselineP99Ms: s.baselineP99Ms ?? 0,
    }))
  const subtitle = `commit ${report.commit} · ${report.date.slice(0, 10)} · ${report.machine} · ${report.settings.connections} connections × ${report.settings.durationSeconds} s × ${report.settings.pairs} pairs`
  writeFileSync(join(dir, 'latest.svg'), renderChart(rows, subtitle))
  console.log(`\n${formatTable(report)}\n\nwrote bench/results/latest.json and latest.svg`)
}
