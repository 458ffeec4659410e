import type { DataClient } from '../data/client'
import type { Services } from '../services/services'

/**
 * What the purchase and store-notification services take: the table scoped to the call,
 * the isolate's services (configuration and the store clients) and the time of the call.
 */
export type StoreDeps = {
  data: DataClient
  services: Services
  now: Date
}
