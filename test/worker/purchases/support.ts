import { env } from 'cloudflare:workers'
import { keys } from '../../../shared/keys'
import { createLogger } from '../../../shared/log'
import type { ModuleId } from '../../../shared/modules'
import type { Region } from '../../../shared/regions'
import type { DataClient } from '../../../worker/data/client'
import type { StoreDeps } from '../../../worker/purchases/deps'
import { grantPurchase } from '../../../worker/purchases/grant'
import { readConfig } from '../../../worker/services/config'
import type { DeployEnv } from '../../../worker/services/core-config'
import { type ServiceOverrides, servicesFor } from '../../../worker/services/services'

/** A data client over the real local origins (as `services()` builds one per request). */
export function dataClient(bindings: object = env): DataClient {
  const regions: Region[] = ['us-east-1', 'eu-west-1', 'ap-southeast-1']
  return servicesFor(bindings).data({
    regions,
    requestId: `test-${crypto.randomUUID()}`,
    log: createLogger({}, () => {}),
  })
}

/** A fresh user: ids are UUIDs, as `appAccountToken` needs. */
export function testUser(homeRegion: Region = 'eu-west-1') {
  return { id: crypto.randomUUID(), homeRegion }
}

/**
 * Grants `user` one sandbox Apple purchase of `module` (4 assessments) straight through
 * `grantPurchase`, and answers its transaction id.
 *
 * @example
 * const transactionId = await grantTestPurchase(data, testUser(), 'academic_writing', 'refund')
 */
export async function grantTestPurchase(
  data: DataClient,
  user: { id: string; homeRegion: Region },
  module: ModuleId,
  prefix: string,
): Promise<string> {
  const transactionId = `${prefix}-${crypto.randomUUID()}`
  await grantPurchase(
    data,
    {
      userId: user.id,
      homeRegion: user.homeRegion,
      store: 'apple',
      transactionId,
      productId: `p.${module}`,
      module,
      quantity: 1,
      environment: 'Sandbox',
      purchasedAt: new Date().toISOString(),
    },
    { assessmentsPerPurchase: 4, now: new Date() },
  )
  return transactionId
}

/**
 * What the purchase and notification services take, over the test's bindings; `env`
 * replaces the bindings, and service overrides (fetch, config sections) make a fresh root.
 */
export function purchaseDeps(
  overrides: {
    env?: object
    data?: DataClient
    /** The time of the call (the services' own clock is `now`). */
    at?: Date
    deployEnv?: DeployEnv
  } & ServiceOverrides = {},
): StoreDeps {
  const { env: bindings = env, data, at, deployEnv, ...serviceOverrides } = overrides
  // A deployment kind over the local bindings (whose Apple root stays the emulator's), so
  // the environment rule itself is what a test sees decide.
  if (deployEnv) {
    serviceOverrides.config = {
      ...serviceOverrides.config,
      core: { ...readConfig(bindings).core, DEPLOY_ENV: deployEnv },
    }
  }
  const services =
    bindings !== env || Object.keys(serviceOverrides).length > 0
      ? servicesFor(bindings, serviceOverrides)
      : servicesFor(bindings)
  return { data: data ?? dataClient(), services, now: at ?? new Date() }
}

/** Calls a store emulator's admin API (found through the worker vars it handed out). */
export async function emulator<T = Record<string, string>>(
  store: 'apple' | 'google',
  path: string,
  body?: unknown,
): Promise<T> {
  const base = store === 'apple' ? env.APPLE_API_URL_SANDBOX : env.GOOGLE_PLAY_API_URL
  const res = await fetch(`${new URL(base as string).origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${store} emulator ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** The entitlement item as stored (consistent read in the user's home region). */
export async function entitlementOf(user: { id: string; homeRegion: Region }, module: string) {
  return dataClient().get(keys.entitlement(user.id, module), {
    homeRegion: user.homeRegion,
    consistent: true,
  })
}
