import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { requireAuth } from '../auth/require-auth'
import { errorContent } from '../auth/schemas'
import { BEARER, jsonResponse } from '../http/openapi'
import type { AppEnv } from '../types'
import { EXAMPLE_ASSESSMENT, EXAMPLE_ASSESSMENT_SUMMARY } from './examples'
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
  security: BEARER,
}

export const historyRoute = createRoute({
  ...common,
  path: '/api/assessments',
  middleware: [requireAuth()] as const,
  operationId: 'listAssessments',
  summary: 'My assessments, writing and speaking, newest first',
  request: { query: HistoryQuery },
  responses: {
    200: jsonResponse('One page', History, {
      assessments: [EXAMPLE_ASSESSMENT_SUMMARY],
      nextCursor: null,
    }),
    400: errorContent('`VALIDATION_FAILED`: a bad `limit` or `cursor`'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
    503: errorContent('`ORIGIN_UNAVAILABLE`'),
  },
})

export const assessmentRoute = createRoute({
  ...common,
  path: '/api/assessments/{id}',
  middleware: [requireAuth()] as const,
  operationId: 'getAssessment',
  summary: 'One of my assessments, in full',
  request: {
    params: z.object({
      id: assessmentId.openapi({
        param: { name: 'id', in: 'path' },
        example: '01JZ3M2R4T6V8X0Z2B4D6F8H0K',
      }),
    }),
  },
  responses: {
    200: jsonResponse(
      'The assessment, as its submission answered it',
      AssessmentSchema,
      EXAMPLE_ASSESSMENT,
    ),
    400: errorContent('`VALIDATION_FAILED`: not an assessment id'),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
    404: errorContent('`NOT_FOUND`: no assessment of mine has this id'),
    503: errorContent('`ORIGIN_UNAVAILABLE`'),
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
