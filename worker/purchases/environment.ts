import type { DeployEnv } from '../services/core-config'

/** The store environment a purchase was made in, as Apple names it. */
export type StoreEnvironment = 'Production' | 'Sandbox'

/**
 * The only store environment a deployment grants from: production grants real purchases
 * only, so a sandbox (TestFlight, licence tester) purchase never unlocks production; the
 * sandbox and local deployments grant sandbox purchases only.
 *
 * @example
 * grantingEnvironment('production') // 'Production'
 */
export function grantingEnvironment(deployEnv: DeployEnv): StoreEnvironment {
  return deployEnv === 'production' ? 'Production' : 'Sandbox'
}
