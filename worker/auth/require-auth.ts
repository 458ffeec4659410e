import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../../shared/errors'
import type { AppEnv } from '../types'
import { accessTokenVerifier, invalidToken } from './access-token'

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/

export type RequireAuthOptions = { now?: () => number }

/**
 * Authenticates `Authorization: Bearer <access token>` and sets `c.get('user')`. No origin
 * call: the signature check is cached per isolate and the per-user "not before" comes
 * from the isolate or Workers KV. 401 `UNAUTHORIZED` without the header, 401
 * `INVALID_TOKEN` for anything that does not verify or was revoked.
 *
 * @example
 * const route = createRoute({ method: 'get', path: '/api/entitlements', middleware: [requireAuth()] as const, security: [{ bearerAuth: [] }], … })
 */
export function requireAuth(options: RequireAuthOptions = {}): MiddlewareHandler<AppEnv> {
  const now = options.now ?? Date.now
  return async function requireAuth(c, next) {
    const header = c.req.header('authorization')
    if (!header) {
      throw new ApiError('UNAUTHORIZED', 'Sign in first: send Authorization: Bearer <token>.', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      })
    }
    const token = BEARER.exec(header)?.[1]
    if (!token) throw invalidToken('The Authorization header must be "Bearer <access token>".')
    const config = c.get('services').config.auth
    const at = now()
    const verified = await accessTokenVerifier(config).verify(token, at)
    const cutoff = await c.get('services').revocations(c.get('log')).notBefore(verified.user.id, at)
    if (cutoff !== null && verified.issuedAt <= cutoff) throw invalidToken()
    c.set('user', verified.user)
    await next()
  }
}
