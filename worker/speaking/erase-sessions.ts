import type { AuthUser } from '../auth/context'
import type { DataClient } from '../data/client'
import { keys, userPartition } from '../data/keys'
import { speakingSessionId } from './session-id'
import { type SessionNamespace, sessionStub } from './start-session'

const PAGE = 100

/**
 * Reaches every speaking session of a user who is erasing their account. Each session the
 * user was charged for has an idempotency record `IDEM#speaking#<key>` in their partition,
 * and a session's id is derived from the user and that key, so no other index is needed.
 * Each session stops (the app's socket closes), wipes its Durable Object storage and
 * writes nothing more. Run it before the partition is erased: a session that settled a
 * moment earlier has its result in the partition, where the erasure deletes it.
 *
 * Sessions whose slot was given back have no record any more; they hold only their meta
 * (ids and times, no transcript) until their retention ends.
 *
 * @returns how many sessions were erased
 * @example
 * await eraseSpeakingSessions({ data: c.get('data'), sessions: sessionsOf(c.env), user })
 */
export async function eraseSpeakingSessions(input: {
  data: DataClient
  sessions: SessionNamespace
  user: Pick<AuthUser, 'id' | 'homeRegion'>
}): Promise<number> {
  const { data, sessions, user } = input
  const prefix = keys.idempotency(user.id, 'speaking', '').sk
  let erased = 0
  let cursor: string | undefined
  do {
    const page = await data.query(
      { pk: userPartition(user.id), skBeginsWith: prefix, limit: PAGE, cursor, consistent: true },
      { home: user.homeRegion },
    )
    const done = await Promise.all(
      page.items.map(async (record) => {
        const id = await speakingSessionId(user.id, record.sk.slice(prefix.length))
        return sessionStub(sessions, id).erase(user.id)
      }),
    )
    erased += done.filter(Boolean).length
    cursor = page.cursor ?? undefined
  } while (cursor)
  return erased
}
