import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { REGIONS } from '../../shared/regions'
import { requireAuth } from '../auth/require-auth'
import { EXAMPLE_USER_ID, errorContent } from '../auth/schemas'
import { type AuthDeps, defaultAuthDeps, refreshFamilies } from '../auth/sign-in'
import { BEARER, jsonResponse } from '../http/openapi'
import { requestScope } from '../http/scope'
import { eraseSpeakingSessions } from '../speaking/erase-sessions'
import { SessionState } from '../speaking/schemas'
import type { AppEnv } from '../types'
import { eraseAccount } from './erase'
import { exportAccount } from './export'

const Me = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string().nullable(), homeRegion: z.enum(REGIONS) }),
  })
  .openapi('Me')

const AnyItem = z.record(z.string(), z.unknown())
const AccountExport = z
  .object({
    exportedAt: z.string(),
    user: Me.shape.user,
    profile: AnyItem.nullable(),
    credential: AnyItem.nullable(),
    identities: z.array(AnyItem),
    entitlements: z.array(AnyItem),
    purchases: z.array(AnyItem),
    purchaseClaims: z.array(AnyItem),
    assessments: z.array(AnyItem),
    speakingSessions: z
      .array(SessionState.omit({ overallBand: true, provisional: true, result: true }))
      .openapi({
        description:
          'Speaking tests not among `assessments` yet (waiting, running or being scored), with their FINAL transcript so far. Never audio: it is not stored.',
      }),
    idempotencyRecords: z.array(AnyItem),
    identityLinks: z.array(AnyItem),
    other: z.array(AnyItem),
    sessions: z
      .array(z.object({ id: z.string(), startedAt: z.string(), expiresAt: z.string() }))
      .nullable(),
    modelCallsToday: z
      .object({ day: z.string(), count: z.number().int() })
      .nullable()
      .openapi({ description: 'Scoring runs counted against today’s (UTC) cap; null if unknown' }),
  })
  .openapi('AccountExport')

const unauthorized = errorContent('`UNAUTHORIZED` (no token) or `INVALID_TOKEN`')
const common = { tags: ['Me'], security: BEARER }

const EXAMPLE_ME = {
  user: { id: EXAMPLE_USER_ID, email: 'ada@example.com', homeRegion: 'eu-west-1' as const },
}
const EXAMPLE_EXPORT = {
  exportedAt: '2026-03-02T10:00:00.000Z',
  user: EXAMPLE_ME.user,
  profile: { email: 'ada@example.com', createdAt: '2026-03-01T09:00:00.000Z' },
  credential: { email: 'ada@example.com', passwordHash: '(omitted)' },
  identities: [],
  entitlements: [{ module: 'academic_writing', purchased: 4, used: 1 }],
  purchases: [{ store: 'apple', transactionId: '2000000842000000', module: 'academic_writing' }],
  purchaseClaims: [],
  assessments: [{ id: '01JZ3K6Q9V8W7X6Y5Z4A3B2C1D', kind: 'writing', overallBand: 6.5 }],
  speakingSessions: [],
  idempotencyRecords: [],
  identityLinks: [],
  other: [],
  sessions: [
    {
      id: 'fq7Xc2mV9pL4sT8wZ1bN5hK',
      startedAt: '2026-03-01T09:00:00.000Z',
      expiresAt: '2026-03-31T09:00:00.000Z',
    },
  ],
  modelCallsToday: { day: '2026-03-02', count: 1 },
}

export const meRoute = createRoute({
  ...common,
  method: 'get',
  path: '/api/me',
  operationId: 'getMe',
  summary: 'Who I am (answered from the access token alone)',
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonResponse('The signed-in user', Me, EXAMPLE_ME),
    401: unauthorized,
  },
})

export const exportRoute = createRoute({
  ...common,
  method: 'get',
  path: '/api/me/export',
  operationId: 'exportMyData',
  summary: 'Everything we hold on me, as JSON',
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonResponse('The export', AccountExport, EXAMPLE_EXPORT),
    401: unauthorized,
    503: errorContent('`ORIGIN_UNAVAILABLE`'),
  },
})

export const eraseRoute = createRoute({
  ...common,
  method: 'delete',
  path: '/api/me',
  operationId: 'deleteMyAccount',
  summary: 'Erase my account',
  description:
    'Ends every session, deletes every item about the user and refuses their access tokens. Purchase claim items stay, without the user id: the stores refund by transaction id and a receipt must never grant twice.',
  middleware: [requireAuth()] as const,
  responses: {
    204: { description: 'Erased' },
    401: unauthorized,
    503: errorContent(
      '`SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE`: nothing or part erased; retry',
    ),
  },
})

/** `GET /api/me`, `GET /api/me/export`, `DELETE /api/me`. */
export function registerMe(app: OpenAPIHono<AppEnv>, deps: Partial<AuthDeps> = {}) {
  const resolved = { ...defaultAuthDeps, ...deps }
  app.openapi(meRoute, (c) => {
    const { id, email, homeRegion } = c.get('user')
    c.header('Cache-Control', 'no-store')
    return c.json({ user: { id, email: email ?? null, homeRegion } }, 200)
  })

  app.openapi(exportRoute, async (c) => {
    const now = resolved.now()
    const modelCalls = c.get('services').modelCalls(c.get('user'), requestScope(c))
    const modelCallsToday = () => modelCalls.today(new Date(now))
    const speaking = c.get('services').speakingSessions()
    const body = await exportAccount({
      ...accountParts(c, resolved),
      speaking,
      modelCallsToday,
      now,
    })
    c.header('Cache-Control', 'no-store')
    c.header('Content-Disposition', 'attachment; filename="ielts-genai-prep-export.json"')
    return c.json(body, 200)
  })

  app.openapi(eraseRoute, async (c) => {
    const now = resolved.now()
    const revocations = c.get('services').revocations(c.get('log'))
    const sessions = c.get('services').speakingSessions()
    await eraseSpeakingSessions({ data: c.get('data'), sessions, user: c.get('user') })
    const result = await eraseAccount({ ...accountParts(c, resolved), revocations, now })
    c.get('log').info('account erased', { sessions: result.sessions, deleted: result.deleted })
    return c.body(null, 204)
  })
}

function accountParts(c: Context<AppEnv>, deps: AuthDeps) {
  const user = c.get('user')
  return { data: c.get('data'), signIns: refreshFamilies(c, user.homeRegion, deps), user }
}
