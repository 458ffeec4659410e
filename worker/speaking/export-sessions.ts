import type { Item } from '../../shared/data-api'
import type { AuthUser } from '../auth/context'
import type { SessionView } from './live/session-view'
import { type SessionNamespace, sessionStub } from './start-session'
import { speakingSessionIds } from './user-sessions'

/**
 * The user's speaking sessions that hold what is not in their assessments yet: a test
 * still waiting, running or being scored keeps its FINAL transcript so far only in its
 * Durable Object. Each comes as its owner sees it through `GET /api/nova-sonic/sessions/:id`
 * (state, part, times, transcript; never audio, which is never stored). Sessions are found
 * from the user's `IDEM#speaking#<key>` records, as the erasure finds them; one whose
 * result is among `assessments` (its `result.sessionId`) is left out, as the export has it
 * there already. Read-only: the sessions are not touched.
 *
 * @example
 * const live = await exportSpeakingSessions({
 *   sessions: services.speakingSessions(), user, idempotencyRecords, assessments,
 * }) // [{ id: 'V3M2C9…', state: 'live', part: 1, transcript: { turns: [ … ] }, … }]
 */
export async function exportSpeakingSessions(input: {
  sessions: SessionNamespace
  user: Pick<AuthUser, 'id'>
  /** The user's idempotency records (others than speaking ones are skipped). */
  idempotencyRecords: readonly Item[]
  /** The user's assessments as exported. */
  assessments: readonly Item[]
}): Promise<SessionView[]> {
  const { sessions, user } = input
  const settled = new Set(input.assessments.map(sessionOfAssessment))
  const ids = await speakingSessionIds(user.id, input.idempotencyRecords)
  const views = await Promise.all(
    ids.filter((id) => !settled.has(id)).map((id) => sessionStub(sessions, id).describe(user.id)),
  )
  return views
    .filter((view): view is SessionView => view !== null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

/** The speaking session an assessment came from (`undefined` for a writing one). */
function sessionOfAssessment(item: Item): string | undefined {
  const result = item.result
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined
  const id = (result as Record<string, unknown>).sessionId
  return typeof id === 'string' ? id : undefined
}
