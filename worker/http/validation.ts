import type { Hook } from '@hono/zod-openapi'
import { ApiError } from '../../shared/errors'
import type { AppEnv } from '../types'

/** The shape of one validation problem in `error.details.issues`. */
export type ValidationIssue = { path: string; message: string }

/**
 * The hook every route's zod validation reports to: 400 `VALIDATION_FAILED` listing each
 * field at fault (`body.email`, `query.module`) and what is wrong with it.
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: [result.target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }))
  const first = issues[0]
  throw new ApiError(
    'VALIDATION_FAILED',
    first ? `Invalid ${first.path}: ${first.message}` : 'The request is invalid.',
    { details: { issues } },
  )
}
