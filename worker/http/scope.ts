import type { Context } from 'hono'
import type { Scope } from '../services/services'
import type { AppEnv } from '../types'

/** The request's id and logger, for the services a route builds. */
export function requestScope(c: Context<AppEnv>): Scope {
  return { requestId: c.get('requestId'), log: c.get('log') }
}
