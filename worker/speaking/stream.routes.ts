import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../../shared/errors'
import { requireAuth } from '../auth/require-auth'
import { errorContent } from '../auth/schemas'
import type { AppEnv } from '../types'
import {
  CALLER_HEADER,
  STREAM_REFUSALS,
  type StreamRefusalCode,
  TICKET_HEADER,
} from './live/session-support'
import { IdParam } from './schemas'
import { TICKET } from './session-id'
import { sessionStub } from './start-session'

const Query = z.object({
  ticket: z.string().regex(TICKET, 'not a stream ticket').optional().openapi({
    description: 'The single-use ticket from `streamUrl`, for clients that cannot set headers.',
  }),
})

const authenticate = requireAuth()

/**
 * Who may open the stream, checked before anything is upgraded: the bearer access token
 * when there is an `Authorization` header (as `requireAuth`), else a well-formed ticket,
 * which only the session's Durable Object can redeem (once).
 */
function streamCaller(): MiddlewareHandler<AppEnv> {
  return async function streamCaller(c, next) {
    if (c.req.header('authorization') !== undefined) return authenticate(c, next)
    const ticket = c.req.query('ticket')
    if (ticket === undefined) {
      throw new ApiError(
        'UNAUTHORIZED',
        'Send Authorization: Bearer <token>, or use the streamUrl with its ticket.',
        { headers: { 'WWW-Authenticate': 'Bearer' } },
      )
    }
    if (!TICKET.test(ticket))
      throw new ApiError('INVALID_TOKEN', STREAM_REFUSALS.INVALID_TOKEN.message)
    await next()
  }
}

export const streamRoute = createRoute({
  method: 'get',
  path: '/api/nova-sonic/sessions/{id}/stream',
  operationId: 'openSpeakingStream',
  tags: ['Speaking'],
  summary: 'The speaking test’s WebSocket: audio and events',
  description: [
    'Client → server: binary frames of 16 kHz 16-bit mono little-endian LPCM (at most 1 s each), and JSON text frames `{"type":"ready"}` (start the test), `{"type":"end_turn"}` (end Part 2 preparation or the long turn early), `{"type":"finish"}` (end the test now).',
    'Server → client: binary frames of 24 kHz 16-bit mono LPCM (the examiner), and JSON text frames: `part_started` {part, limits, card?, at}, `examiner_text` {text, final}, `user_transcript` {text} (final only), `notice` {code: SPEAK_NOW | TIME_UP | RECONNECTING | LATENCY, message}, `error` {code, message}, `finished` {reason}.',
    'Audio is relayed, never stored or logged. Reconnecting (same token, or a new ticket from a replay of the creating request) resumes the test within a minute of a drop.',
  ].join('\n\n'),
  // The bearer token on the upgrade, or the ticket of `streamUrl` in the query.
  security: [{ bearerAuth: [] }, { streamTicket: [] }] as Record<string, string[]>[],
  middleware: [streamCaller()] as const,
  request: { params: IdParam, query: Query },
  responses: {
    101: { description: 'Switching Protocols: the stream is open' },
    400: errorContent('`BAD_REQUEST` (not a WebSocket upgrade) or `VALIDATION_FAILED`'),
    401: errorContent(
      '`UNAUTHORIZED`, or `INVALID_TOKEN` (bad token; unknown, used or expired ticket)',
    ),
    404: errorContent('`NOT_FOUND`: no such session of yours'),
    409: errorContent('`CONFLICT`: the test is over'),
  },
})

/** `GET /api/nova-sonic/sessions/:id/stream`: checks the caller, then hands the upgrade over. */
export function registerSpeakingStream(app: OpenAPIHono<AppEnv>) {
  app.openapi(streamRoute, async (c) => {
    const { id } = c.req.valid('param')
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError('BAD_REQUEST', 'This is a WebSocket: connect with Upgrade: websocket.')
    }
    const headers = new Headers({ Upgrade: 'websocket' })
    const user = c.get('user') as AppEnv['Variables']['user'] | undefined
    if (user) headers.set(CALLER_HEADER, user.id)
    else headers.set(TICKET_HEADER, c.req.valid('query').ticket ?? '')
    const session = sessionStub(c.get('services').speakingSessions(), id)
    const res = await session.fetch('https://speaking-session/stream', { headers })
    if (res.status !== 101 || !res.webSocket) {
      const { code } = (await res.json()) as { code: StreamRefusalCode }
      throw new ApiError(code, STREAM_REFUSALS[code].message)
    }
    c.get('log').info('speaking stream', { sessionId: id, by: user ? 'token' : 'ticket' })
    // A fresh response: the one from the Durable Object has immutable headers.
    return new Response(null, { status: 101, webSocket: res.webSocket })
  })
}
