/** Internal headers the stream route sets after checking the caller (never the app's). */
export const CALLER_HEADER = 'x-speaking-caller'
export const TICKET_HEADER = 'x-speaking-ticket'

/** Why the session refused a stream; the route turns it into the API's error shape. */
export type StreamRefusalCode = 'NOT_FOUND' | 'INVALID_TOKEN' | 'CONFLICT'

export const STREAM_REFUSALS: Record<StreamRefusalCode, { status: number; message: string }> = {
  NOT_FOUND: { status: 404, message: 'No speaking session with this id.' },
  INVALID_TOKEN: {
    status: 401,
    message:
      'This stream ticket is unknown, already used or expired. Ask for a new one by repeating POST /api/nova-sonic/sessions with the same Idempotency-Key.',
  },
  CONFLICT: {
    status: 409,
    message: 'This speaking test is over. Read its result with GET /api/nova-sonic/sessions/{id}.',
  },
}

/** The Durable Object's answer when it will not open the stream. */
export function streamRefusal(code: StreamRefusalCode): Response {
  return Response.json({ code }, { status: STREAM_REFUSALS[code].status })
}
