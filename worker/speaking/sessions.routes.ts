import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { requireAuth } from '../auth/require-auth'
import { errorContent, jsonBody } from '../auth/schemas'
import { BEARER, jsonBodyErrors, jsonResponse } from '../http/openapi'
import { requestScope } from '../http/scope'
import { idempotencyKeyHeader, readIdempotencyKey } from '../idempotency/key'
import type { CallerLocation } from '../regions/order'
import type { AppEnv } from '../types'
import { latencyNoticeFor } from './latency'
import { readSession } from './read-session'
import {
  EXAMPLE_SESSION,
  EXAMPLE_SESSION_CREATED,
  IdParam,
  SessionCreated,
  SessionState,
} from './schemas'
import { startSpeakingSession } from './start-session'
import { registerSpeakingStream } from './stream.routes'

const Headers = idempotencyKeyHeader(
  'A retry with the same key answers the same session and is never charged twice.',
)

const Body = z
  .object({ module: z.enum(['academic_speaking', 'general_speaking']) })
  .openapi('SpeakingSessionRequest')

export const createSessionRoute = createRoute({
  method: 'post',
  path: '/api/nova-sonic/sessions',
  operationId: 'startSpeakingSession',
  tags: ['Speaking'],
  summary: 'Start a speaking test (one assessment is charged once per Idempotency-Key)',
  security: BEARER,
  middleware: [requireAuth()] as const,
  request: { headers: Headers, body: jsonBody(Body, { module: 'academic_speaking' }) },
  responses: {
    201: jsonResponse(
      'The session: open `streamUrl` (a single-use ticket valid for 60 s) before `expiresAt` and send `ready`. A replay of the key answers the same session with a fresh ticket (`Idempotent-Replayed: true`).',
      SessionCreated,
      EXAMPLE_SESSION_CREATED,
    ),
    400: errorContent('`VALIDATION_FAILED` (module) or `MISSING_IDEMPOTENCY_KEY`'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
    402: errorContent('`NO_ASSESSMENTS_LEFT` for this module; nothing was charged'),
    409: errorContent('`IN_PROGRESS`: this key is still being set up; retry after `Retry-After`'),
    422: errorContent('`IDEMPOTENCY_KEY_REUSED` with another module'),
    429: errorContent('`DAILY_LIMIT_REACHED`; nothing was charged'),
    502: errorContent('`ASSESSMENT_UNAVAILABLE`: speaking tests are briefly unavailable'),
    503: errorContent('`ORIGIN_UNAVAILABLE`: nothing was charged; retry with the same key'),
    ...jsonBodyErrors,
  },
})

export const readSessionRoute = createRoute({
  method: 'get',
  path: '/api/nova-sonic/sessions/{id}',
  operationId: 'getSpeakingSession',
  tags: ['Speaking'],
  summary: 'A speaking test: its state, transcript so far, and the result once scored',
  security: BEARER,
  middleware: [requireAuth()] as const,
  request: { params: IdParam },
  responses: {
    200: jsonResponse('The session (only its owner may read it)', SessionState, EXAMPLE_SESSION),
    400: errorContent('`VALIDATION_FAILED`: not a session id'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
    404: errorContent('`NOT_FOUND`: no such session of yours'),
  },
})

/** The app's URL of the stream: same host, ws(s), with a ticket when there is one. */
function streamUrlOf(c: Context<AppEnv>, id: string, ticket: string | null): string {
  const url = new URL(`/api/nova-sonic/sessions/${id}/stream`, c.req.url)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  if (ticket) url.searchParams.set('ticket', ticket)
  return url.toString()
}

/** `/api/nova-sonic/sessions`: start a test, read it, and its WebSocket stream. */
export function registerSpeaking(app: OpenAPIHono<AppEnv>) {
  app.openapi(createSessionRoute, async (c) => {
    const key = readIdempotencyKey(c.req.header('idempotency-key'))
    const { module } = c.req.valid('json')
    const latencyNotice = latencyNoticeFor(c.req.raw.cf as CallerLocation | undefined) ?? null
    const services = c.get('services')
    const modelCalls = services.modelCalls(c.get('user'), requestScope(c))
    const { ticket, replayed } = await startSpeakingSession(
      {
        data: c.get('data'),
        sessions: services.speakingSessions(),
        user: c.get('user'),
        regions: c.get('regions'),
        timeScale: services.config.speaking.SPEAKING_TIME_SCALE,
        latencyNotice,
        countModelCall: () => modelCalls.count('Speaking tests'),
        now: () => new Date(),
        log: c.get('log'),
      },
      { key, module },
    )
    c.get('log').info('speaking session', { sessionId: ticket.id, state: ticket.state, replayed })
    c.header('Cache-Control', 'no-store')
    c.header('Location', `/api/nova-sonic/sessions/${ticket.id}`)
    if (replayed) c.header('Idempotent-Replayed', 'true')
    return c.json(
      {
        id: ticket.id,
        state: ticket.state,
        streamUrl: streamUrlOf(c, ticket.id, ticket.ticket),
        expiresAt: ticket.expiresAt,
        ...(latencyNotice ? { latencyNotice } : {}),
      },
      201,
    )
  })

  app.openapi(readSessionRoute, async (c) => {
    const { id } = c.req.valid('param')
    const body = await readSession(
      c.get('data'),
      c.get('services').speakingSessions(),
      c.get('user'),
      id,
    )
    c.header('Cache-Control', 'no-store')
    return c.json(body, 200)
  })

  registerSpeakingStream(app)
}
