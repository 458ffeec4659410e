import { describeError, type Logger } from '../../../shared/log'
import type { Services } from '../../services/services'
import { SESSION_TIMINGS } from '../config'
import { planById } from '../interview/content'
import { voiceExaminerOf } from './examiner-link'
import type { FailureCode, SessionMeta, Settlement } from './session-meta'
import type { SessionStore } from './session-state'
import {
  candidateSpoke,
  OwnerErasedError,
  refundSession,
  type SessionContent,
  type SettleDeps,
  scoreSession,
  storeSessionRecord,
} from './settle'

/** A fresh settlement step: give the slot back, now, for this reason. */
export const refund = (failure: FailureCode, now = Date.now()): Settlement => ({
  action: 'refund',
  attempts: 0,
  nextAt: now,
  failure,
})

/** What settling needs from the session's environment (built in the Durable Object). */
export function settleDepsFor(services: Services, meta: SessionMeta, log: Logger): SettleDeps {
  const { bedrock, novaSonic } = services.config
  return {
    // No request context: the session's own id, the owner's home region first.
    data: services.dataFor({ requestId: `speaking-${meta.id}`, log }, meta.homeRegion),
    client: services.converse(),
    maxTokens: bedrock.BEDROCK_MAX_TOKENS,
    deadlineMs: bedrock.BEDROCK_DEADLINE_MS,
    voiceExaminer: voiceExaminerOf(novaSonic),
    now: () => new Date(),
    log,
  }
}

/**
 * One attempt to settle a finished session, run by its alarm: score and store the result
 * (a scored record waiting to be stored is kept, so a retry stores the same one and never
 * calls the model again), or give the slot back when nothing can be scored. On failure the
 * next attempt is scheduled; after `scoringAttempts` scoring gives way to a refund. Updates
 * `meta` in place (the caller saves it); drops the content once settled.
 *
 * @example
 * await settleStep(meta, store, settleDepsFor(services, meta, log))
 */
export async function settleStep(
  meta: SessionMeta,
  store: SessionStore,
  deps: SettleDeps,
): Promise<void> {
  const settlement = meta.settlement
  if (!settlement) return
  try {
    if (settlement.action === 'score') {
      const content = await contentOf(meta, store)
      if (!candidateSpoke(content.turns)) {
        meta.settlement = refund('NOTHING_SAID')
        return settleStep(meta, store, deps)
      }
      const record = (await store.pendingRecord()) ?? (await scoreSession(deps, meta, content))
      await store.putPendingRecord(record)
      await storeSessionRecord(deps, meta, record)
      meta.status = 'scored'
      meta.assessmentId = record.id
    } else {
      await refundSession(deps, meta)
      meta.status = 'failed'
      meta.failure = settlement.failure
    }
    await closeSettled(meta, store)
  } catch (error) {
    if (error instanceof OwnerErasedError) return forgetErased(meta, store, deps.log)
    if (stepFailed(meta, settlement, error, deps.log)) await closeSettled(meta, store)
  }
}

/** The owner's account is gone: drop the content now and the meta at the next alarm. */
async function forgetErased(meta: SessionMeta, store: SessionStore, log: Logger): Promise<void> {
  log.info('session owner erased; forgetting the session')
  meta.status = 'failed'
  meta.failure = null
  await closeSettled(meta, store)
  meta.purgeAt = Date.now()
}

/** Schedules the next attempt; true when there is none (the session closes as failed). */
function stepFailed(
  meta: SessionMeta,
  settlement: Settlement,
  error: unknown,
  log: Logger,
): boolean {
  const now = Date.now()
  settlement.attempts++
  log.warn('session not settled yet', {
    action: settlement.action,
    attempt: settlement.attempts,
    error: describeError(error),
  })
  if (settlement.action === 'score' && settlement.attempts >= SESSION_TIMINGS.scoringAttempts) {
    meta.settlement = refund('SCORING_FAILED', now)
    return false
  }
  if (settlement.action === 'refund' && settlement.attempts >= SESSION_TIMINGS.refundAttempts) {
    log.error('assessment slot not restored', { module: meta.module })
    meta.status = 'failed'
    meta.failure = settlement.failure
    return true
  }
  settlement.nextAt = now + SESSION_TIMINGS.settleRetryMs
  return false
}

async function closeSettled(meta: SessionMeta, store: SessionStore): Promise<void> {
  meta.settlement = null
  meta.purgeAt = Date.now() + SESSION_TIMINGS.retentionMs
  await store.dropContent()
}

async function contentOf(meta: SessionMeta, store: SessionStore): Promise<SessionContent> {
  const plan = planById(meta.module, meta.plan.part1Id, meta.plan.cardId)
  if (!plan) throw new Error('session plan not found')
  const { turns, truncated } = await store.transcript()
  return { plan, turns, truncated, observations: await store.observations() }
}
