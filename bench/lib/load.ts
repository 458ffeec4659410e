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
  requests: number
  non2xx: number
  errors: number
  cpuMsPerRequest: number | null
}

/**
 * Drives `url` with autocannon for a fixed duration and connection count, and charges the
 * serving workerd process's CPU time (read before and after) to the requests it answered.
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
  const cpuAfter = cpuMs?.()
  const answered = result.requests.total
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: answered,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || answered === 0
        ? null
        : (cpuAfter - cpuBefore) / answered,
  }
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
