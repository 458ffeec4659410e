import { z } from '@hono/zod-openapi'
import { SESSION_ID } from './session-id'

export const IdParam = z.object({
  id: z
    .string()
    .regex(SESSION_ID, 'not a session id')
    .openapi({ param: { name: 'id', in: 'path' }, example: '8W3K0Q2M5T7V9X1Z3B5D7F9H1K' }),
})

const state = z.enum(['created', 'live', 'scoring', 'scored', 'failed']).openapi({
  description:
    '`created`: connect and send `ready` before `expiresAt`; `live`: in progress; `scoring`: over, being scored; `scored`: `result` is set; `failed`: not charged (see `failure`).',
})

export const SessionCreated = z
  .object({
    id: z.string(),
    state,
    streamUrl: z.string().openapi({
      description:
        'The WebSocket. Either send `Authorization: Bearer <access token>` on the upgrade, or use this URL as is: its `ticket` opens it once, within 60 s.',
    }),
    expiresAt: z.string().openapi({ description: 'The test must be started (`ready`) by then.' }),
    latencyNotice: z.string().optional().openapi({
      description: 'Set when the caller is far from us-east-1, where the examiner runs.',
    }),
  })
  .openapi('SpeakingSessionCreated')

const turn = z.object({
  speaker: z.enum(['examiner', 'candidate']),
  part: z.number().int(),
  text: z.string(),
  at: z.string(),
})

export const SessionState = z
  .object({
    id: z.string(),
    module: z.enum(['academic_speaking', 'general_speaking']),
    state,
    createdAt: z.string(),
    expiresAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    finishReason: z.enum(['completed', 'candidate_finished', 'abandoned', 'failed']).nullable(),
    part: z.number().int().nullable(),
    phase: z.string().nullable(),
    transcript: z
      .object({ turns: z.array(turn), truncated: z.boolean() })
      .nullable()
      .openapi({ description: 'FINAL text only; in `result` once scored.' }),
    assessmentId: z.string().nullable(),
    overallBand: z.number().nullable(),
    provisional: z.boolean().nullable(),
    result: z.record(z.string(), z.unknown()).nullable().openapi({
      description:
        'The stored speaking result once scored: criteria, pronunciation (or null with `pronunciationNote`), overall band, transcript.',
    }),
    failure: z
      .object({ code: z.string(), message: z.string(), slotRestored: z.boolean() })
      .nullable(),
  })
  .openapi('SpeakingSession')

const EXAMPLE_SESSION_ID = '8W3K0Q2M5T7V9X1Z3B5D7F9H1K'

export const EXAMPLE_SESSION_CREATED = {
  id: EXAMPLE_SESSION_ID,
  state: 'created' as const,
  streamUrl: `wss://api.ieltsgenaiprep.app/api/nova-sonic/sessions/${EXAMPLE_SESSION_ID}/stream?ticket=Tq8vX2mN5bC1zL7kP4wR9sD3fG6hJ0aE2yU8iO5nM1c`,
  expiresAt: '2026-03-02T10:15:00.000Z',
}

export const EXAMPLE_SESSION = {
  id: EXAMPLE_SESSION_ID,
  module: 'academic_speaking' as const,
  state: 'live' as const,
  createdAt: '2026-03-02T10:00:00.000Z',
  expiresAt: '2026-03-02T10:15:00.000Z',
  startedAt: '2026-03-02T10:00:20.000Z',
  finishedAt: null,
  finishReason: null,
  part: 1,
  phase: 'interview',
  transcript: {
    turns: [
      {
        speaker: 'examiner' as const,
        part: 1,
        text: 'Let’s talk about your home town. Where is it?',
        at: '2026-03-02T10:00:25.000Z',
      },
      {
        speaker: 'candidate' as const,
        part: 1,
        text: 'I come from Porto, a city in the north of Portugal.',
        at: '2026-03-02T10:00:31.000Z',
      },
    ],
    truncated: false,
  },
  assessmentId: null,
  overallBand: null,
  provisional: null,
  result: null,
  failure: null,
}
