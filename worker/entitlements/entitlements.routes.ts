import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { MODULES } from '../../shared/modules'
import { requireAuth } from '../auth/require-auth'
import { errorContent } from '../auth/schemas'
import { BEARER, jsonResponse } from '../http/openapi'
import type { AppEnv } from '../types'
import { listEntitlements } from './list'

const Entitlements = z
  .object({
    entitlements: z.array(
      z.object({
        module: z.enum(MODULES),
        purchased: z.number().int(),
        used: z.number().int(),
        revoked: z.number().int(),
        remaining: z.number().int(),
      }),
    ),
  })
  .openapi('Entitlements')

export const entitlementsRoute = createRoute({
  method: 'get',
  path: '/api/entitlements',
  operationId: 'listEntitlements',
  tags: ['Purchases'],
  summary: 'Per module: assessments purchased, used, taken back by refunds, remaining',
  security: BEARER,
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonResponse('My entitlements', Entitlements, {
      entitlements: MODULES.map((module) =>
        module === 'academic_writing'
          ? { module, purchased: 4, used: 1, revoked: 0, remaining: 3 }
          : { module, purchased: 0, used: 0, revoked: 0, remaining: 0 },
      ),
    }),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
    503: errorContent('`ORIGIN_UNAVAILABLE`'),
  },
})

/** `GET /api/entitlements`: the caller's own counters, read from their home region. */
export function registerEntitlements(app: OpenAPIHono<AppEnv>) {
  app.openapi(entitlementsRoute, async (c) => {
    const user = c.get('user')
    c.header('Cache-Control', 'no-store')
    return c.json(
      { entitlements: await listEntitlements(c.get('data'), user.id, user.homeRegion) },
      200,
    )
  })
}
