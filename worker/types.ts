import type { RequestVariables } from '../shared/http/context'
import type { Region } from '../shared/regions'
import type { AuthUser } from './auth/context'
import type { DataClient } from './data/client'
import type { Services } from './services/services'

/** Bindings and variables from `wrangler.toml` and secrets; validated by the config schemas. */
export type Bindings = Record<string, unknown>

/**
 * What middleware puts on the context for the routes below it. Read them with `c.get(name)`:
 * Hono's `c.var` copies every variable into a new object on each access (measured: the
 * largest single cost of a cached route in bench/).
 */
export type Variables = RequestVariables & {
  /** The isolate's services and configuration (`worker/services/`). */
  services: Services
  /** Regions nearest the caller first, from `request.cf`. */
  regions: Region[]
  /** The table through the regional origins. */
  data: DataClient
  /** The authenticated caller; set only below `requireAuth()`. */
  user: AuthUser
}

export type AppEnv = { Bindings: Bindings; Variables: Variables }
