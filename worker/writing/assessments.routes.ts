import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { ApiError } from '../../shared/errors'
import { EXAMPLE_ASSESSMENT, EXAMPLE_ESSAY } from '../assessments/examples'
import { AssessmentSchema, assessmentBody } from '../assessments/view'
import { requireAuth } from '../auth/require-auth'
import { errorContent, jsonBody } from '../auth/schemas'
import { createConverseClient } from '../bedrock/client'
import { readBedrockConfig } from '../bedrock/config'
import { countModelCall } from '../bedrock/daily-cap'
import { BEARER, jsonBodyErrors } from '../http/openapi'
import { idempotencyKeyHeader, readIdempotencyKey } from '../idempotency/key'
import { regionRedis } from '../origin-client/redis'
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

/** The daily cap on model calls, counted in the user's home-region Redis. */
function modelCallCounter(c: Context<AppEnv>, limit: number) {
  const user = c.get('user')
  return async () => {
    const redis = regionRedis(c.get('origin'), user.homeRegion, {
      requestId: c.get('requestId'),
      log: c.get('log'),
    })
    try {
      await countModelCall(redis, { userId: user.id, limit, now: new Date() })
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'SESSION_STORE_UNAVAILABLE') throw error
      // A cost guard that cannot count fails closed, in words about assessments.
      throw new ApiError('ASSESSMENT_UNAVAILABLE', 'Assessments are briefly unavailable.', {
        details: { reason: 'usage_counter_unavailable' },
        headers: { 'Retry-After': '5' },
        cause: error,
      })
    }
  }
}

function submitDeps(c: Context<AppEnv>): SubmitDeps {
  const config = readBedrockConfig(c.env)
  return {
    data: c.get('data'),
    client: createConverseClient(config, {
      directives: {
        'x-emulator-fault': c.req.header('x-emulator-fault'),
        'x-emulator-tag': c.req.header('x-emulator-tag'),
      },
    }),
    regions: c.get('regions'),
    user: c.get('user'),
    maxTokens: config.BEDROCK_MAX_TOKENS,
    deadlineMs: config.BEDROCK_DEADLINE_MS,
    countModelCall: modelCallCounter(c, config.MODEL_CALLS_PER_DAY),
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
