import { ApiError } from '../../shared/errors'
import type { Logger } from '../../shared/log'
import type { Region } from '../../shared/regions'
import { findAssessment } from '../assessments/history'
import { type AssessmentRecord, putAssessmentOp } from '../assessments/record'
import type { AuthUser } from '../auth/context'
import type { ConverseClient } from '../bedrock/converse-client'
import type { DataClient } from '../data/client'
import { retryOnConflict } from '../data/retry-on-conflict'
import {
  abandonCharge,
  beginCharge,
  type ChargeRequest,
  completeCharge,
} from '../idempotency/charge'
import { fingerprintOf } from '../idempotency/key'
import { assessEssay } from './assess'
import { findWritingTask } from './question-bank'
import { writingRecord } from './record'
import type { WritingSubmission } from './submission'

export type SubmitDeps = {
  data: DataClient
  client: ConverseClient
  /** Nearest first: where the model is called. */
  regions: readonly Region[]
  user: Pick<AuthUser, 'id' | 'homeRegion'>
  maxTokens: number
  deadlineMs: number
  /** Counts one model call against the daily cap (throws 429 over it). */
  countModelCall: () => Promise<unknown>
  now: () => Date
  log?: Logger
}

/** What to answer: the stored record and its status (201), first time or replayed. */
export type SubmitOutcome = { status: number; record: AssessmentRecord; replayed: boolean }

/**
 * Scores a writing answer, charged once per `Idempotency-Key`: the key is claimed and one
 * slot consumed in one write; a completed key answers its stored record (no model call, no
 * cap count); a new one is counted against the daily cap only when the model will really be
 * called, scored, and stored in the same write that completes the key. If it fails before
 * that write (cap reached, model unavailable, anything else) the slot is given back and the
 * key released, and the error says whether that worked.
 *
 * @example
 * const { status, record } = await submitWritingAssessment(deps, { key, submission })
 */
export async function submitWritingAssessment(
  deps: SubmitDeps,
  request: { key: string; submission: WritingSubmission },
): Promise<SubmitOutcome> {
  const { submission, key } = request
  const task = findWritingTask(submission.taskId)
  if (!task || task.module !== submission.module) {
    throw new ApiError('VALIDATION_FAILED', 'Invalid json.taskId: not a task of this module.')
  }
  const submittedAt = deps.now()
  const charge: ChargeRequest = {
    userId: deps.user.id,
    homeRegion: deps.user.homeRegion,
    scope: 'writing',
    key,
    fingerprint: await fingerprintOf(submission),
    module: submission.module,
    now: submittedAt,
  }
  const outcome = await retryOnConflict(() => beginCharge(deps.data, charge))
  if (outcome.state === 'completed') {
    const record = await findAssessment(deps.data, deps.user, outcome.resultId)
    return { status: outcome.status, record, replayed: true }
  }
  let record: AssessmentRecord
  try {
    const assessment = await assessEssay({
      task,
      text: submission.text,
      client: deps.client,
      regions: deps.regions,
      maxTokens: deps.maxTokens,
      deadlineMs: deps.deadlineMs,
      log: deps.log,
      beforeModelCall: deps.countModelCall,
    })
    record = writingRecord({
      task,
      text: submission.text,
      assessment,
      submittedAt,
      completedAt: deps.now(),
    })
  } catch (error) {
    throw await giveBack(deps, charge, outcome.attempt, error)
  }
  // Not undone on failure: if this write did land, releasing the key would hand out a free
  // assessment. Until its lease ends a retry gets 409, then takes over without a new charge.
  const ops = [putAssessmentOp(deps.user.id, record)]
  await retryOnConflict(() =>
    completeCharge(deps.data, charge, outcome.attempt, { status: 201, resultId: record.id, ops }),
  )
  return { status: 201, record, replayed: false }
}

/** Restores the slot and releases the key; the error the caller gets says if it worked. */
async function giveBack(
  deps: SubmitDeps,
  charge: ChargeRequest,
  attempt: string,
  error: unknown,
): Promise<unknown> {
  const restored = await retryOnConflict(() => abandonCharge(deps.data, charge, attempt)).then(
    () => true,
    (failure: unknown) => {
      deps.log?.error('assessment slot not restored', {
        module: charge.module,
        error: failure instanceof Error ? failure.name : 'unknown',
      })
      return false
    },
  )
  if (!(error instanceof ApiError)) return error
  if (error.code !== 'ASSESSMENT_UNAVAILABLE' && error.code !== 'DAILY_LIMIT_REACHED') {
    return error
  }
  const charged = restored
    ? 'You were not charged: the assessment was given back.'
    : 'Retry with the same Idempotency-Key: you will not be charged twice.'
  const details = typeof error.details === 'object' && error.details ? error.details : {}
  return new ApiError(error.code, `${error.message} ${charged}`, {
    details: { ...details, slotRestored: restored },
    headers: error.headers,
    cause: error,
  })
}
