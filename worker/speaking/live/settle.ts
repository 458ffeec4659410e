import { keys } from '../../../shared/keys'
import type { Logger } from '../../../shared/log'
import { type AssessmentRecord, putAssessmentOp } from '../../assessments/record'
import type { ConverseClient } from '../../bedrock/converse-client'
import { ConditionFailedError, type DataClient } from '../../data/client'
import {
  abandonCharge,
  type ChargeRequest,
  completeCharge,
  existingRecord,
} from '../../idempotency/charge'
import { SPEAKING_LEASE_MS } from '../config'
import type { InterviewPlan } from '../interview/content'
import type { TranscriptTurn } from '../interview/transcript'
import type { StoredObservation } from '../scoring/pronunciation-band'
import { speakingRecord } from '../scoring/record'
import { scoreSpeaking } from '../scoring/score'
import type { SessionMeta } from './session-meta'

export type SettleDeps = {
  data: DataClient
  client: ConverseClient
  maxTokens: number
  deadlineMs: number
  voiceExaminer: 'amazon-nova-2-sonic' | 'local-emulator'
  now: () => Date
  log: Logger
}

export type SessionContent = {
  plan: InterviewPlan
  turns: TranscriptTurn[]
  truncated: boolean
  observations: StoredObservation[]
}

/** The charge a session was started under, as `completeCharge`/`abandonCharge` take it. */
export function chargeOf(meta: SessionMeta, now: Date): ChargeRequest {
  return {
    userId: meta.userId,
    homeRegion: meta.homeRegion,
    scope: 'speaking',
    key: meta.charge.key,
    fingerprint: meta.charge.fingerprint,
    module: meta.module,
    now,
    leaseMs: SPEAKING_LEASE_MS,
  }
}

/** True when the candidate said anything the recogniser turned into words. */
export function candidateSpoke(turns: readonly TranscriptTurn[]): boolean {
  return turns.some((t) => t.speaker === 'candidate' && /\p{L}|\p{N}/u.test(t.text))
}

/**
 * Scores a finished session into its stored record (no write yet).
 *
 * @example
 * const record = await scoreSession(deps, meta, content)
 */
export async function scoreSession(
  deps: SettleDeps,
  meta: SessionMeta,
  content: SessionContent,
): Promise<AssessmentRecord> {
  const scores = await scoreSpeaking({
    plan: content.plan,
    turns: content.turns,
    observations: content.observations,
    client: deps.client,
    regions: meta.regions,
    maxTokens: deps.maxTokens,
    deadlineMs: deps.deadlineMs,
    log: deps.log,
  })
  const completedAt = deps.now()
  return speakingRecord({
    sessionId: meta.id,
    plan: content.plan,
    scores,
    turns: content.turns,
    truncated: content.truncated,
    finishReason: meta.finishReason ?? 'abandoned',
    voiceExaminer: deps.voiceExaminer,
    startedAt: new Date(meta.startedAt ?? meta.createdAt),
    finishedAt: new Date(meta.finishedAt ?? completedAt.getTime()),
    completedAt,
  })
}

/**
 * The session's owner erased their account and the erasure did not reach this session
 * (it was being created while the erasure listed the user's sessions): there is no one to
 * store a result for, and the session must forget everything it holds.
 */
export class OwnerErasedError extends Error {
  override readonly name = 'OwnerErasedError'
}

/**
 * Stores the record and completes the charge in one transaction (the key's result is the
 * session id, so a replay of the key finds the session). Safe to repeat with the same
 * record: if an earlier attempt landed, the record is there and this is a no-op.
 *
 * The write cannot recreate data of an erased user: it is conditional on the user's
 * idempotency record, which erasure deletes with the rest of the partition (before the
 * profile). When that condition fails and the user's profile is gone too, this throws
 * `OwnerErasedError` instead of a retryable error.
 *
 * @throws OwnerErasedError when the owner's account no longer exists
 * @example
 * await storeSessionRecord(deps, meta, record)
 */
export async function storeSessionRecord(
  deps: SettleDeps,
  meta: SessionMeta,
  record: AssessmentRecord,
): Promise<void> {
  try {
    await completeCharge(deps.data, chargeOf(meta, deps.now()), meta.charge.attempt, {
      status: 201,
      resultId: meta.id,
      ops: [putAssessmentOp(meta.userId, record)],
    })
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error
    const read = { homeRegion: meta.homeRegion, consistent: true }
    const stored = await deps.data.get(keys.assessment(meta.userId, record.id), read)
    if (stored) return
    if (!(await deps.data.get(keys.user(meta.userId), read))) throw new OwnerErasedError()
    throw error
  }
}

/**
 * Gives the slot back and releases the key (nothing is charged). Safe to repeat: once the
 * key is gone its condition fails, which means an earlier attempt did it. "Gone" is known
 * from the failed item, or, when the data API leaves it out (some DynamoDB versions do), from
 * a consistent read of the key (`existingRecord`); a key that still stands, or a failure of
 * the slot's condition alone, is an error the settlement retries.
 *
 * @example
 * await refundSession(deps, meta)
 */
export async function refundSession(
  deps: Pick<SettleDeps, 'data' | 'now'>,
  meta: SessionMeta,
): Promise<void> {
  const charge = chargeOf(meta, deps.now())
  try {
    await abandonCharge(deps.data, charge, meta.charge.attempt)
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error
    const keyFailed = error.failed.length === 0 || error.failed.some((f) => f.index === 0)
    if (!keyFailed || (await existingRecord(deps.data, charge, error))) throw error
  }
}
