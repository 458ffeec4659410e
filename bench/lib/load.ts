import autocannon from 'autocannon'

/** One request shape of a scenario; `setupRequest`/`onResponse` chain per connection. */
export type LoadRequest = {
  method?: 'GET' | 'POST' | 'DELETE'
  path: string
  headers?: Record<string, string>
  body?: string
  setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => unknown
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void
}

export type LoadSettings = { connections: number; durationSeconds: number }

export type RunResult = {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  /** Requests sent, including those still in flight when the run's time was up. */
  requests: number
  non2xx: number
  errors: number
  cpuMsPerRequest: number | null
}

/**
 * Drives `url` with autocannon for a fixed duration and connection count, and charges the
 * serving workerd process's CPU time to the requests sent. autocannon stops waiting at the
 * deadline while up to `connections` requests are still in flight; the server finishes
 * them, so the CPU (and the origin trips the caller counts) are read once the process has
 * gone quiet, and divided by every request sent, not only the ones answered in time.
 */
export async function runLoad(
  url: string,
  requests: LoadRequest[],
  settings: LoadSettings,
  cpuMs?: () => number,
): Promise<RunResult> {
  const cpuBefore = cpuMs?.()
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: settings.durationSeconds,
    requests: requests as autocannon.Request[],
    // A scenario with per-request state (refresh-token chains) needs each connection's
    // context to start fresh, and we never want autocannon's own retries.
    expectBody: undefined,
  })
  const cpuAfter = cpuMs ? await quiet(cpuMs) : undefined
  const sent = result.requests.sent
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: sent,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || sent === 0
        ? null
        : (cpuAfter - cpuBefore) / sent,
  }
}

/** `cpuMs()` once it stops moving (the in-flight requests done), checked every 100 ms, 10 s at most. */
async function quiet(cpuMs: () => number): Promise<number> {
  let last = cpuMs()
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    const now = cpuMs()
    if (now === last) return now
    last = now
  }
  return last
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
