import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { ApiError } from '../../shared/errors'
import { jsonBodyErrors, jsonResponse, PUBLIC } from '../http/openapi'
import { pseudonym } from '../lib/hashing'
import { clientIp } from '../rate-limit/client-ip'
import { LIMITS } from '../rate-limit/rules'
import { parseRefreshToken } from '../refresh-families/refresh-token'
import type { AppEnv } from '../types'
import { issueAccessToken } from './access-token'
import {
  EXAMPLE_REFRESH_TOKEN,
  EXAMPLE_REFRESHED,
  errorContent,
  jsonBody,
  Refreshed,
  RefreshRequest,
} from './schemas'
import { type AuthDeps, nearestLimiter, refreshFamilies } from './sign-in'

export const refreshRoute = createRoute({
  method: 'post',
  path: '/api/auth/refresh',
  operationId: 'refreshSession',
  tags: ['Accounts'],
  summary: 'Trade a refresh token for a new access token and a new refresh token',
  description:
    'Every use rotates the refresh token. Presenting a token that was already rotated ends the whole session, except a retry of the latest rotated token within 10 seconds, which answers the same new refresh token again.',
  security: PUBLIC,
  request: { body: jsonBody(RefreshRequest, { refreshToken: EXAMPLE_REFRESH_TOKEN }) },
  responses: {
    200: jsonResponse('Rotated', Refreshed, EXAMPLE_REFRESHED),
    400: errorContent('`VALIDATION_FAILED`'),
    401: errorContent('`INVALID_TOKEN`: unknown, expired, revoked or reused; sign in again'),
    429: errorContent('`RATE_LIMITED`, with `Retry-After`'),
    503: errorContent('`SESSION_STORE_UNAVAILABLE`'),
    ...jsonBodyErrors,
  },
})

export const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  operationId: 'signOut',
  tags: ['Accounts'],
  summary: 'End the session a refresh token belongs to',
  description: 'Idempotent: an unknown or already ended token also answers 204 (RFC 7009).',
  security: PUBLIC,
  request: { body: jsonBody(RefreshRequest, { refreshToken: EXAMPLE_REFRESH_TOKEN }) },
  responses: {
    204: { description: 'The session is over' },
    400: errorContent('`VALIDATION_FAILED`'),
    503: errorContent('`SESSION_STORE_UNAVAILABLE`'),
    ...jsonBodyErrors,
  },
})

const refused = () =>
  new ApiError('INVALID_TOKEN', 'The refresh token is invalid, expired or revoked; sign in again.')

/**
 * `POST /api/auth/refresh` and `POST /api/auth/logout`: Redis only (the token routes
 * itself to its home region), no table read. Per-IP and per-session counters live in the
 * caller's nearest Redis and are checked before the token is used, so a 429 never
 * swallows a rotation.
 */
export function registerRefresh(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  app.openapi(refreshRoute, async (c) => {
    const { refreshToken } = c.req.valid('json')
    const parts = parseRefreshToken(refreshToken)
    const session = parts ? `${parts.userId}:${parts.familyId}` : 'malformed'
    await nearestLimiter(c, deps).consume({
      hit: [
        { rule: LIMITS.refreshPerIp, subject: await pseudonym(clientIp(c)) },
        { rule: LIMITS.refreshPerAccount, subject: await pseudonym(session) },
      ],
    })
    if (!parts) throw refused()
    const rotation = await refreshFamilies(c, parts.region, deps).rotate(refreshToken, parts)
    if (!rotation.ok) {
      c.get('log').info('refresh refused', { reason: rotation.reason })
      throw refused()
    }
    const account = { ...rotation.user, homeRegion: parts.region }
    const access = await issueAccessToken(c.get('services').config.auth, account, deps.now())
    c.header('Cache-Control', 'no-store')
    return c.json(
      {
        accessToken: access.token,
        refreshToken: rotation.refreshToken,
        expiresIn: access.expiresIn,
        tokenType: 'Bearer' as const,
      },
      200,
    )
  })

  app.openapi(logoutRoute, async (c) => {
    const { refreshToken } = c.req.valid('json')
    const parts = parseRefreshToken(refreshToken)
    if (parts) await refreshFamilies(c, parts.region, deps).end(refreshToken, parts)
    return c.body(null, 204)
  })
}
