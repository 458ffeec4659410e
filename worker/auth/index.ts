import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../types'
import { registerJwks } from './jwks-route'
import { registerLogin } from './login-route'
import { registerRefresh } from './refresh-route'
import { registerRegister } from './register-route'
import { type AuthDeps, defaultAuthDeps } from './session'
import { registerSocialSignIn } from './social-routes'

/**
 * Accounts and sessions: register, login, refresh, logout, Sign in with Apple and
 * Google, and the access-token JWKS.
 *
 * @example
 * registerAuth(app) // in worker/app.ts
 */
export function registerAuth(app: OpenAPIHono<AppEnv>, deps: Partial<AuthDeps> = {}) {
  const resolved = { ...defaultAuthDeps, ...deps }
  registerRegister(app, resolved)
  registerLogin(app, resolved)
  registerRefresh(app, resolved)
  registerSocialSignIn(app, resolved)
  registerJwks(app)
}
