import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { requireAuth } from '../auth/require-auth'
import { errorContent } from '../auth/schemas'
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
  tags: ['Writing'],
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth()] as const,
  summary: 'My estimated writing band for a module, from my latest Task 1 and Task 2 results',
  request: { query: z.object({ module: z.enum(['academic_writing', 'general_writing']) }) },
  responses: {
    200: { description: 'The estimate', content: { 'application/json': { schema: WritingBand } } },
    400: errorContent('`VALIDATION_FAILED`: `module` is not a writing module'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
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
