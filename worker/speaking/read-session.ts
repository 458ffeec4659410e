import type { JsonValue } from '../../shared/data-api'
import { ApiError } from '../../shared/errors'
import { keys } from '../../shared/keys'
import { toAssessmentRecord } from '../assessments/record'
import type { AuthUser } from '../auth/context'
import type { DataClient } from '../data/client'
import type { SessionView } from './live/session-view'
import { type SessionNamespace, sessionStub } from './start-session'

export type SessionBody = Omit<SessionView, 'transcript'> & {
  transcript: SessionView['transcript']
  overallBand: number | null
  provisional: boolean | null
  result: { [key: string]: JsonValue } | null
}

/**
 * The caller's session: its state from the Durable Object and, once scored, the stored
 * result (with the transcript) from the caller's own partition. Another user's session is
 * exactly as absent as one that never existed: 404.
 *
 * @example
 * const body = await readSession(c.get('data'), services.speakingSessions(), c.get('user'), id)
 */
export async function readSession(
  data: DataClient,
  sessions: SessionNamespace,
  user: Pick<AuthUser, 'id' | 'homeRegion'>,
  id: string,
): Promise<SessionBody> {
  const view = await sessionStub(sessions, id).describe(user.id)
  if (!view) throw new ApiError('NOT_FOUND', 'No speaking session with this id.')
  const item = view.assessmentId
    ? await data.get(keys.assessment(user.id, view.assessmentId), {
        homeRegion: user.homeRegion,
        consistent: true,
      })
    : null
  const record = item ? toAssessmentRecord(item) : null
  const stored = record?.result.transcript as SessionView['transcript'] | undefined
  return {
    ...view,
    transcript: view.transcript ?? stored ?? null,
    overallBand: record?.overallBand ?? null,
    provisional: record ? record.provisional : null,
    result: record?.result ?? null,
  }
}
