import type { CoreConfig } from './config/core'
import type { Logger } from './lib/log'
import type { OriginClient } from './origin-client/client'
import type { Region } from './regions/regions'

/** Bindings and variables from `wrangler.toml` and secrets; validated by the config schemas. */
export type Bindings = Record<string, unknown>

/** What middleware puts on the context for the routes below it. */
export type Variables = {
  requestId: string
  log: Logger
  config: CoreConfig
  /** Regions nearest the caller first, from `request.cf`. */
  regions: Region[]
  origin: OriginClient
}

export type AppEnv = { Bindings: Bindings; Variables: Variables }
