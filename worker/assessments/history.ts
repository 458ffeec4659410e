import { ApiError } from '../../shared/errors'
import { keys, USER_ITEM_PREFIX, userPartition } from '../../shared/keys'
import type { AuthUser } from '../auth/context'
import type { DataClient } from '../data/client'
import { toBase64Url } from '../lib/bytes'
import { type AssessmentRecord, toAssessmentRecord } from './record'

/** The shape of an assessment id (`newAssessmentId`): 26 Crockford base32 characters. */
export const ASSESSMENT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/

export type HistoryPage = { records: AssessmentRecord[]; nextCursor: string | null }

/**
 * One page of the caller's assessments, writing and speaking alike, newest first, read
 * from their home region with a consistent read (a result just written is listed). The
 * cursor handed to the client is the id of the page's last assessment; the origin's own
 * cursor (`{pk, sk}` of the last key) is rebuilt from it inside the caller's partition, so
 * a cursor can never move a query into another user's items.
 *
 * @example
 * const { records, nextCursor } = await listAssessments(c.get('data'), c.get('user'), { limit: 20 })
 */
export async function listAssessments(
  data: DataClient,
  user: Pick<AuthUser, 'id' | 'homeRegion'>,
  page: { limit: number; cursor?: string },
): Promise<HistoryPage> {
  const reply = await data.query(
    {
      pk: userPartition(user.id),
      skBeginsWith: USER_ITEM_PREFIX.assessment,
      descending: true,
      limit: page.limit,
      consistent: true,
      cursor: page.cursor === undefined ? undefined : originCursor(user.id, page.cursor),
    },
    { homeRegion: user.homeRegion },
  )
  const records = reply.items.map(toAssessmentRecord)
  const last = records.at(-1)
  return { records, nextCursor: reply.cursor && last ? last.id : null }
}

/**
 * One of the caller's assessments. It is looked up in the caller's own partition only, so
 * another user's id is exactly as absent as an id that never existed: the same 404.
 *
 * @example
 * const record = await findAssessment(c.get('data'), c.get('user'), id) // throws 404 NOT_FOUND
 */
export async function findAssessment(
  data: DataClient,
  user: Pick<AuthUser, 'id' | 'homeRegion'>,
  id: string,
): Promise<AssessmentRecord> {
  const item = await data.get(keys.assessment(user.id, id), {
    homeRegion: user.homeRegion,
    consistent: true,
  })
  if (!item) throw new ApiError('NOT_FOUND', 'No assessment with this id.')
  return toAssessmentRecord(item)
}

/** The origin's cursor format (base64url of the last key's JSON) for a key in this partition. */
function originCursor(userId: string, assessmentId: string): string {
  const json = JSON.stringify(keys.assessment(userId, assessmentId))
  return toBase64Url(new TextEncoder().encode(json))
}
