import { execFileSync } from 'node:child_process'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { startStackProcess } from '../local/spawn-stack'
import { REGIONS } from '../shared/regions'
import { buildWorker, ROOT } from './lib/build'
import { type LoadSettings, median, type RunResult, runLoad } from './lib/load'
import { type BenchReport, type ScenarioReport, writeReport } from './lib/report'
import { serveWorker } from './lib/serve'
import { buildOriginLambda, measureColdStart, measureGlobalScope } from './lib/startup'
import { SCENARIOS } from './scenarios'

const SETTINGS: LoadSettings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
  durationSeconds: Number(process.env.BENCH_DURATION ?? 5),
}
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3)
const ONLY = process.env.BENCH_ONLY?.split(',')

/** Vars that let the load through the API's own guards (rate limits, daily caps). */
const BENCH_VARS: Record<string, string> = {
  RATE_LIMIT_MULTIPLIER: '1000000',
  MODEL_CALLS_PER_DAY: '1000000',
  // The writing scenario spends one slot per request: 100 per unit, 100 units per purchase.
  ASSESSMENTS_PER_PURCHASE: '100',
}

/**
 * `npm run bench`: builds the worker and a bare Hono baseline exactly as they deploy, serves
 * both with Miniflare next to the local stack (zero added latency), and measures each
 * scenario against the baseline in interleaved pairs (A B A B …) in the same run.
 */
async function main() {
  const worker = buildWorker(join(ROOT, 'wrangler.toml'), 'worker')
  const baselineBundle = buildWorker(join(ROOT, 'bench/baseline/wrangler.toml'), 'baseline')
  const stack = await startStackProcess()
  const vars = { ...stack.workerVars, ...BENCH_VARS }
  const served = await serveWorker({
    name: 'worker',
    configPath: join(ROOT, 'wrangler.toml'),
    script: worker.script,
    vars,
  })
  const baseline = await serveWorker({
    name: 'baseline',
    configPath: join(ROOT, 'bench/baseline/wrangler.toml'),
    script: baselineBundle.script,
  })
  const originRequests = async () => {
    const res = await fetch(`${stack.controlUrl}/origin-sets/primary/stats`)
    const { origins } = (await res.json()) as { origins: Record<string, Record<string, number>> }
    return REGIONS.reduce(
      (sum, region) => sum + (origins[region]?.data ?? 0) + (origins[region]?.redis ?? 0),
      0,
    )
  }

  const scenarios: ScenarioReport[] = []
  try {
    for (const scenario of SCENARIOS.filter((s) => !ONLY || ONLY.includes(s.name))) {
      const prepared = await scenario.prepare({
        apiUrl: served.url,
        connections: SETTINGS.connections,
        workerVars: vars,
      })
      if ('unavailable' in prepared) {
        scenarios.push({
          name: scenario.name,
          label: scenario.label,
          unavailable: prepared.unavailable,
        })
        console.log(`- ${scenario.label}: skipped (${prepared.unavailable})`)
        continue
      }
      const warm = { ...SETTINGS, durationSeconds: 2 }
      await runLoad(baseline.url, [{ path: '/health' }], warm)
      await runLoad(served.url, prepared.requests, warm)
      const pairs: { baseline: RunResult; scenario: RunResult; originPerRequest: number }[] = []
      for (let i = 0; i < PAIRS; i++) {
        const base = await runLoad(baseline.url, [{ path: '/health' }], SETTINGS, baseline.cpuMs)
        const before = await originRequests()
        const own = await runLoad(served.url, prepared.requests, SETTINGS, served.cpuMs)
        const trips = (await originRequests()) - before
        pairs.push({ baseline: base, scenario: own, originPerRequest: trips / own.requests })
      }
      const report = summarise(scenario.name, scenario.label, pairs)
      scenarios.push(report)
      console.log(
        `- ${scenario.label}: ${report.requestsPerSecond?.toFixed(0)} req/s, ratio ${report.ratio?.toFixed(2)}`,
      )
    }
  } finally {
    await served.dispose()
    await baseline.dispose()
  }

  const originBundle = await buildOriginLambda()
  const bareLambda = await buildOriginLambda('bench/baseline/lambda.ts', 'bare-lambda')
  const lambdaEnv = {
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: stack.tableName,
    REDIS_URL: stack.redisUrl,
    DYNAMODB_ENDPOINT: stack.dynamodbEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  }
  // Interleaved so both see the same load from the machine's neighbours.
  const origin: number[] = []
  const bare: number[] = []
  for (let i = 0; i < 5; i++) {
    origin.push(await measureColdStart(originBundle.script, lambdaEnv, 2))
    bare.push(await measureColdStart(bareLambda.script, lambdaEnv, 2))
  }
  const coldStartMs = median(origin)
  const bareColdStartMs = median(bare)
  await stack.stop()

  const report: BenchReport = {
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim(),
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    settings: { ...SETTINGS, pairs: PAIRS },
    scenarios,
    size: {
      workerRawBytes: worker.rawBytes,
      workerGzipBytes: worker.gzipBytes,
      baselineGzipBytes: baselineBundle.gzipBytes,
      globalScopeMs: measureGlobalScope(worker.script),
      baselineGlobalScopeMs: measureGlobalScope(baselineBundle.script),
      originRawBytes: originBundle.rawBytes,
      originGzipBytes: originBundle.gzipBytes,
      originColdStartMs: coldStartMs,
      bareLambdaRawBytes: bareLambda.rawBytes,
      bareLambdaColdStartMs: bareColdStartMs,
    },
  }
  writeReport(report)
}

function summarise(
  name: string,
  label: string,
  pairs: { baseline: RunResult; scenario: RunResult; originPerRequest: number }[],
): ScenarioReport {
  const pick = (f: (p: (typeof pairs)[number]) => number) => median(pairs.map(f))
  const cpu = pairs.map((p) => p.scenario.cpuMsPerRequest).filter((v): v is number => v !== null)
  const baseCpu = pairs
    .map((p) => p.baseline.cpuMsPerRequest)
    .filter((v): v is number => v !== null)
  return {
    name,
    label,
    requestsPerSecond: pick((p) => p.scenario.requestsPerSecond),
    p50Ms: pick((p) => p.scenario.p50Ms),
    p99Ms: pick((p) => p.scenario.p99Ms),
    baselineRequestsPerSecond: pick((p) => p.baseline.requestsPerSecond),
    baselineP99Ms: pick((p) => p.baseline.p99Ms),
    ratio: pick((p) => p.scenario.requestsPerSecond / p.baseline.requestsPerSecond),
    p99Ratio: pick((p) => p.scenario.p99Ms / Math.max(p.baseline.p99Ms, 1)),
    cpuMsPerRequest: cpu.length ? median(cpu) : null,
    baselineCpuMsPerRequest: baseCpu.length ? median(baseCpu) : null,
    originRoundTripsPerRequest: pick((p) => p.originPerRequest),
    non2xx: pairs.reduce((sum, p) => sum + p.scenario.non2xx, 0),
    errors: pairs.reduce((sum, p) => sum + p.scenario.errors, 0),
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
