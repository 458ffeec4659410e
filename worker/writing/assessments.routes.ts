import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { EXAMPLE_ASSESSMENT, EXAMPLE_ESSAY } from '../assessments/examples'
import { AssessmentSchema, assessmentBody } from '../assessments/view'
import { requireAuth } from '../auth/require-auth'
import { errorContent, jsonBody } from '../auth/schemas'
import { BEARER, jsonBodyErrors } from '../http/openapi'
import { requestScope } from '../http/scope'
import { idempotencyKeyHeader, readIdempotencyKey } from '../idempotency/key'
import type { AppEnv } from '../types'
import { WritingSubmission } from './submission'
import { type SubmitDeps, submitWritingAssessment } from './submit'

const Headers = idempotencyKeyHeader('Retries with the same key and body are never charged twice.')

export const submitWritingRoute = createRoute({
  method: 'post',
  path: '/api/writing/assessments',
  operationId: 'submitWritingAssessment',
  tags: ['Writing'],
  summary: 'Score a writing answer (one assessment is charged once per Idempotency-Key)',
  security: BEARER,
  middleware: [requireAuth()] as const,
  request: {
    headers: Headers,
    body: jsonBody(WritingSubmission, {
      module: 'academic_writing',
      taskId: 'aw-t2-01',
      text: EXAMPLE_ESSAY,
    }),
  },
  responses: {
    201: {
      description:
        'The assessment (also for a replay of a completed key: the same body, with `Idempotent-Replayed: true`)',
      content: { 'application/json': { schema: AssessmentSchema, example: EXAMPLE_ASSESSMENT } },
    },
    400: errorContent(
      '`VALIDATION_FAILED` (module, taskId — unknown or of the other module — or text) or `MISSING_IDEMPOTENCY_KEY`',
    ),
    401: errorContent('`UNAUTHORIZED` or `INVALID_TOKEN`'),
    402: errorContent('`NO_ASSESSMENTS_LEFT` for this module; nothing was charged'),
    409: errorContent('`IN_PROGRESS`: this key is still being scored; retry after `Retry-After`'),
    422: errorContent('`IDEMPOTENCY_KEY_REUSED` with a different body'),
    429: errorContent('`DAILY_LIMIT_REACHED`; `details.slotRestored` says the slot was given back'),
    502: errorContent(
      '`ASSESSMENT_UNAVAILABLE`: scoring failed for good; `details.slotRestored` says you were not charged',
    ),
    503: errorContent('`ORIGIN_UNAVAILABLE`: nothing was charged; retry with the same key'),
    ...jsonBodyErrors,
  },
})

function submitDeps(c: Context<AppEnv>): SubmitDeps {
  const services = c.get('services')
  const config = services.config.bedrock
  const modelCalls = services.modelCalls(c.get('user'), requestScope(c))
  return {
    data: c.get('data'),
    client: services.converse({
      'x-emulator-fault': c.req.header('x-emulator-fault'),
      'x-emulator-tag': c.req.header('x-emulator-tag'),
    }),
    regions: c.get('regions'),
    user: c.get('user'),
    maxTokens: config.BEDROCK_MAX_TOKENS,
    deadlineMs: config.BEDROCK_DEADLINE_MS,
    countModelCall: () => modelCalls.count('Assessments'),
    now: () => new Date(),
    log: c.get('log'),
  }
}

/** `POST /api/writing/assessments`: validate, charge once per key, score, store, answer. */
export function registerWritingAssessments(app: OpenAPIHono<AppEnv>) {
  app.openapi(submitWritingRoute, async (c) => {
    const key = readIdempotencyKey(c.req.header('idempotency-key'))
    const submission = c.req.valid('json')
    const outcome = await submitWritingAssessment(submitDeps(c), { key, submission })
    const { record } = outcome
    c.get('log').info('writing assessment', {
      assessmentId: record.id,
      taskId: submission.taskId,
      band: record.overallBand,
      replayed: outcome.replayed,
    })
    c.header('Cache-Control', 'no-store')
    c.header('Location', `/api/assessments/${record.id}`)
    if (outcome.replayed) c.header('Idempotent-Replayed', 'true')
    return c.json(assessmentBody(record), outcome.status as 201)
  })
}
