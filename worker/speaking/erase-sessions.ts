import { userPartition } from '../../shared/keys'
import type { AuthUser } from '../auth/context'
import type { DataClient } from '../data/client'
import { type SessionNamespace, sessionStub } from './start-session'
import { SPEAKING_CHARGE_PREFIX, speakingSessionIds } from './user-sessions'

const PAGE = 100

/**
 * Reaches every speaking session of a user who is erasing their account, through their
 * `IDEM#speaking#<key>` records (`speakingSessionIds`). Each session stops (the app's
 * socket closes), wipes its Durable Object storage and writes nothing more. Run it before
 * the partition is erased: a session that settled a moment earlier has its result in the
 * partition, where the erasure deletes it.
 *
 * Sessions whose slot was given back have no record any more; they hold only their meta
 * (ids and times, no transcript) until their retention ends.
 *
 * @returns how many sessions were erased
 * @example
 * await eraseSpeakingSessions({ data: c.get('data'), sessions: services.speakingSessions(), user })
 */
export async function eraseSpeakingSessions(input: {
  data: DataClient
  sessions: SessionNamespace
  user: Pick<AuthUser, 'id' | 'homeRegion'>
}): Promise<number> {
  const { data, sessions, user } = input
  let erased = 0
  let cursor: string | undefined
  do {
    const page = await data.query(
      {
        pk: userPartition(user.id),
        skBeginsWith: SPEAKING_CHARGE_PREFIX,
        limit: PAGE,
        cursor,
        consistent: true,
      },
      { homeRegion: user.homeRegion },
    )
    const ids = await speakingSessionIds(user.id, page.items)
    const done = await Promise.all(ids.map((id) => sessionStub(sessions, id).erase(user.id)))
    erased += done.filter(Boolean).length
    cursor = page.cursor ?? undefined
  } while (cursor)
  return erased
}
