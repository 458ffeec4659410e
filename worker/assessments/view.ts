import { z } from '@hono/zod-openapi'
import type { JsonValue } from '../../shared/data-api'
import { MODULES } from '../../shared/modules'
import type { AssessmentRecord } from './record'

/**
 * How a stored assessment is shown: one function for the body of `POST
 * /api/writing/assessments` (first answer and every idempotent replay) and of `GET
 * /api/assessments/:id`, one for the lines of `GET /api/assessments`.
 */

/**
 * The same value with the keys of every object in code-unit order. DynamoDB does not keep
 * the order of a map's keys, so without this a replay built from the stored item would not
 * be byte-identical to the first answer built from the record in memory.
 *
 * @example
 * JSON.stringify(sortedKeys({ b: 1, a: { d: 2, c: 3 } })) // '{"a":{"c":3,"d":2},"b":1}'
 */
export function sortedKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (value === null || typeof value !== 'object') return value
  const sorted: { [key: string]: JsonValue } = {}
  for (const key of Object.keys(value).sort()) {
    const entry = value[key]
    if (entry !== undefined) sorted[key] = sortedKeys(entry)
  }
  return sorted
}

/** A line of the history: what a list needs, never the essay or transcript. */
export function assessmentSummary(record: AssessmentRecord) {
  return {
    id: record.id,
    kind: record.kind,
    module: record.module,
    title: record.title,
    overallBand: record.overallBand ?? null,
    provisional: record.provisional === true,
    createdAt: record.createdAt,
  }
}

/**
 * The whole assessment as the API answers it: the summary fields in a fixed order, then
 * the kind's result with its keys sorted, so the same record always gives the same bytes.
 *
 * @example
 * return c.json(assessmentBody(record), 201)
 */
export function assessmentBody(record: AssessmentRecord) {
  return {
    assessment: {
      ...assessmentSummary(record),
      result: sortedKeys(record.result ?? {}) as { [key: string]: JsonValue },
    },
  }
}

export const AssessmentSummarySchema = z
  .object({
    id: z.string().openapi({ example: '01JZ3K6Q9V8W7X6Y5Z4A3B2C1D' }),
    kind: z.enum(['writing', 'speaking']),
    module: z.enum(MODULES),
    title: z.string().openapi({ description: 'The task title, or the speaking test name.' }),
    overallBand: z.number().nullable().openapi({
      description: 'Computed by our code (never by the model); null when it could not be.',
    }),
    provisional: z.boolean().openapi({
      description: 'True when the band is an estimate the app should label as such.',
    }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('AssessmentSummary')

export const AssessmentSchema = z
  .object({
    assessment: AssessmentSummarySchema.extend({
      result: z.record(z.string(), z.unknown()).openapi({
        description:
          'The full result of this kind (keys in alphabetical order). Writing: `text`, `taskId`, `task`, `criteria` (band, justification, strengths, improvements, evidence), `taskBand`, `bandNote`, `rulesApplied`, `corrections`, `words`, `model` (id, region, token usage), `rubricVersion`, `examiner`, `submittedAt`, `completedAt`.',
      }),
    }),
  })
  .openapi('Assessment')
