import { env } from 'cloudflare:workers'
import { createLogger } from '../../../shared/log'
import type { Region } from '../../../shared/regions'
import { createApp } from '../../../worker/app'
import type { DataClient } from '../../../worker/data/client'
import { servicesFor } from '../../../worker/services/services'

const CONTROL = () => env.STACK_CONTROL_URL as string

/** A private set of three origins (own Redis, the shared table) that a test may break. */
export type PrivateOrigins = {
  /** The worker's environment pointed at these origins. */
  env: Record<string, unknown>
  stopOrigin(region: string): Promise<void>
  startOrigin(region: string): Promise<void>
  stopRedis(): Promise<void>
  startRedis(): Promise<void>
  /** Requests each origin served so far, by first path segment (`data`, `redis`, `health`). */
  requestCounts(): Promise<Record<Region, Record<string, number>>>
  dispose(): Promise<void>
}

async function control(path: string, method = 'POST') {
  const res = await fetch(`${CONTROL()}${path}`, { method })
  if (!res.ok) throw new Error(`stack control ${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

/** Asks the stack control for origins of our own. */
export async function privateOrigins(): Promise<PrivateOrigins> {
  const { id, vars } = (await control('/origin-sets')) as {
    id: string
    vars: Record<string, string>
  }
  return {
    env: { ...env, ...vars },
    stopOrigin: (region) => control(`/origin-sets/${id}/origins/${region}/stop`),
    startOrigin: (region) => control(`/origin-sets/${id}/origins/${region}/start`),
    stopRedis: () => control(`/origin-sets/${id}/redis/stop`),
    startRedis: () => control(`/origin-sets/${id}/redis/start`),
    requestCounts: async () =>
      ((await control(`/origin-sets/${id}/stats`, 'GET')) as { origins: object }).origins,
    dispose: () => control(`/origin-sets/${id}`, 'DELETE'),
  } as PrivateOrigins
}

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext

/** Calls a fresh app (its own isolate-level caches) with the given environment. */
export function callApp(bindings: Record<string, unknown>) {
  const app = createApp()
  return (path: string, init?: RequestInit) =>
    app.fetch(new Request(`http://api.test${path}`, init), bindings, ctx)
}

/** A `DataClient` on the isolate's origin client for `bindings` (quiet logger). */
export function dataClient(
  bindings: object = env,
  regions: Region[] = ['eu-west-1', 'us-east-1', 'ap-southeast-1'],
): DataClient {
  return servicesFor(bindings).data({
    regions,
    requestId: 'test-request-0001',
    log: createLogger({}, () => {}),
  })
}
