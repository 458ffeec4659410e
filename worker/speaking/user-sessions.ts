import type { Item } from '../../shared/data-api'
import { keys } from '../../shared/keys'
import { speakingSessionId } from './session-id'

/** The sort-key prefix of a user's speaking charges: `IDEM#speaking#<Idempotency-Key>`. */
export const SPEAKING_CHARGE_PREFIX = keys.idempotency('', 'speaking', '').sk

/**
 * The speaking sessions named by a user's items. Each session the user was charged for has
 * an idempotency record `IDEM#speaking#<key>` in their partition, and a session's id is
 * derived from the user and that key, so no other index is needed. Other items are skipped.
 *
 * @example
 * const ids = await speakingSessionIds(user.id, page.items) // ['V3M2C9…', …]
 */
export async function speakingSessionIds(userId: string, items: readonly Item[]) {
  const records = items.filter((item) => item.sk.startsWith(SPEAKING_CHARGE_PREFIX))
  return Promise.all(
    records.map((record) =>
      speakingSessionId(userId, record.sk.slice(SPEAKING_CHARGE_PREFIX.length)),
    ),
  )
}
