import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { requireAuth } from '../auth/require-auth'
import { errorContent } from '../auth/schemas'
import type { AppEnv } from '../types'
import { ASSESSMENT_ID, findAssessment, listAssessments } from './history'
import {
  AssessmentSchema,
  AssessmentSummarySchema,
  assessmentBody,
  assessmentSummary,
} from './view'

const DEFAULT_PAGE = 20
const MAX_PAGE = 50

const assessmentId = z
  .string()
  .regex(ASSESSMENT_ID, 'an assessment id is 26 characters of Crockford base32')

const HistoryQuery = z.object({
  limit: z.coerce
    .number({ error: `limit must be a number from 1 to ${MAX_PAGE}` })
    .int()
    .min(1)
    .max(MAX_PAGE)
    .default(DEFAULT_PAGE)
    .openapi({
      type: 'integer',
      description: `Page size, 1–${MAX_PAGE} (default ${DEFAULT_PAGE}).`,
    }),
  cursor: assessmentId.optional().openapi({
    description: 'Opaque: the `nextCursor` of the previous page.',
  }),
})

const History = z
  .object({
    assessments: z.array(AssessmentSummarySchema),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page' }),
  })
  .openapi('AssessmentHistory')

const common = {
  method: 'get' as const,
  tags: ['History'],
  security: [{ bearerAuth: [] }],
}

export const historyRoute = createRoute({
  ...common,
  path: '/api/assessments',
  middleware: [requireAuth()] as const,
  summary: 'My assessments, writing and speaking, newest first',
  request: { query: HistoryQuery },
  responses: {
    200: { description: 'One page', content: { 'application/json': { schema: History } } },
    400: errorContent('`VALIDATION_FAILED`: a bad `limit` or `cursor`'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
  },
})

export const assessmentRoute = createRoute({
  ...common,
  path: '/api/assessments/{id}',
  middleware: [requireAuth()] as const,
  summary: 'One of my assessments, in full',
  request: {
    params: z.object({ id: assessmentId.openapi({ param: { name: 'id', in: 'path' } }) }),
  },
  responses: {
    200: {
      description: 'The assessment, as its submission answered it',
      content: { 'application/json': { schema: AssessmentSchema } },
    },
    400: errorContent('`VALIDATION_FAILED`: not an assessment id'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
    404: errorContent('`NOT_FOUND`: no assessment of mine has this id'),
  },
})

/** `GET /api/assessments` and `GET /api/assessments/:id`: the caller's own history only. */
export function registerAssessments(app: OpenAPIHono<AppEnv>) {
  app.openapi(historyRoute, async (c) => {
    const page = await listAssessments(c.get('data'), c.get('user'), c.req.valid('query'))
    c.header('Cache-Control', 'no-store')
    return c.json(
      { assessments: page.records.map(assessmentSummary), nextCursor: page.nextCursor },
      200,
    )
  })

  app.openapi(assessmentRoute, async (c) => {
    const record = await findAssessment(c.get('data'), c.get('user'), c.req.valid('param').id)
    c.header('Cache-Control', 'no-store')
    return c.json(assessmentBody(record), 200)
  })
}
