import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { requireAuth } from '../auth/require-auth'
import { errorContent } from '../auth/schemas'
import { BEARER, jsonResponse } from '../http/openapi'
import { BAND_ESTIMATE_NOTE } from '../scoring/bands'
import type { AppEnv } from '../types'
import { estimateWritingBand } from './band'

const TaskResult = z
  .object({
    assessmentId: z.string(),
    taskId: z.string(),
    band: z.number(),
    createdAt: z.string(),
  })
  .nullable()

const WritingBand = z
  .object({
    module: z.enum(['academic_writing', 'general_writing']),
    band: z.number().nullable().openapi({
      description:
        '(Task 1 + 2 × Task 2) / 3 rounded to the nearest half band; null until both tasks have a result',
    }),
    task1: TaskResult,
    task2: TaskResult,
    estimate: z.literal(true),
    note: z.string(),
  })
  .openapi('WritingBandEstimate')

export const writingBandRoute = createRoute({
  method: 'get',
  path: '/api/writing/band',
  operationId: 'getWritingBand',
  tags: ['Writing'],
  security: BEARER,
  middleware: [requireAuth()] as const,
  summary: 'My estimated writing band for a module, from my latest Task 1 and Task 2 results',
  request: {
    query: z.object({
      module: z
        .enum(['academic_writing', 'general_writing'])
        .openapi({ example: 'academic_writing' }),
    }),
  },
  responses: {
    200: jsonResponse('The estimate', WritingBand, {
      module: 'academic_writing',
      band: 6.5,
      task1: {
        assessmentId: '01JZ3K6Q9V8W7X6Y5Z4A3B2C1D',
        taskId: 'aw-t1-01',
        band: 6,
        createdAt: '2026-03-01T10:00:00.000Z',
      },
      task2: {
        assessmentId: '01JZ3M2R4T6V8X0Z2B4D6F8H0K',
        taskId: 'aw-t2-01',
        band: 7,
        createdAt: '2026-03-02T10:00:00.000Z',
      },
      estimate: true,
      note: BAND_ESTIMATE_NOTE,
    }),
    400: errorContent('`VALIDATION_FAILED`: `module` is not a writing module'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
    503: errorContent('`ORIGIN_UNAVAILABLE`'),
  },
})

/** `GET /api/writing/band?module=`: the writing band estimate across both tasks. */
export function registerWritingBand(app: OpenAPIHono<AppEnv>) {
  app.openapi(writingBandRoute, async (c) => {
    const estimate = await estimateWritingBand(
      c.get('data'),
      c.get('user'),
      c.req.valid('query').module,
    )
    c.header('Cache-Control', 'no-store')
    return c.json(estimate, 200)
  })
}
