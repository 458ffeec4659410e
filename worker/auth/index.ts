import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../types'
import { registerJwks } from './jwks.routes'
import { registerLogin } from './login.routes'
import { registerRefresh } from './refresh.routes'
import { registerRegister } from './register.routes'
import { type AuthDeps, defaultAuthDeps } from './sign-in'
import { registerSocialSignIn } from './social.routes'

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
