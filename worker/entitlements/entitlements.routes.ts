import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { MODULES } from '../../shared/modules'
import { requireAuth } from '../auth/require-auth'
import { errorContent } from '../auth/schemas'
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
  tags: ['Purchases'],
  summary: 'Per module: assessments purchased, used, taken back by refunds, remaining',
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth()] as const,
  responses: {
    200: {
      description: 'My entitlements',
      content: { 'application/json': { schema: Entitlements } },
    },
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
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
