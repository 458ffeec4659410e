import type { Item, Key } from '../../shared/data-api'
import { keys, userPartition } from '../../shared/keys'
import type { AuthUser } from '../auth/context'
import type { Revocations } from '../auth/revocations'
import { liveModelCallKeys } from '../bedrock/daily-cap'
import { ConditionFailedError, type DataClient } from '../data/client'
import type { RefreshFamilyStore } from '../refresh-families/store'
import { byKind, linkedIdentity, partitionItems, purchaseTransaction } from './partition'

/**
 * Erases an account (GDPR art. 17), keeping only what the stores require.
 *
 * Kept: each purchase's claim item (`TXN#<store>#<transaction id>` / `CLAIM`). Apple and
 * Google refund and revoke by transaction id, and a receipt must never grant twice, so
 * the claim stays — but it loses `userId` and gains `erasedAt`: nothing in it points to
 * a person any more. Everything else goes: the sessions and the daily model-call
 * counters (Redis; only a day-long "erased" marker stays there), every item of the
 * user's partition (profile, entitlements, purchases, assessments with their texts and
 * transcripts, idempotency records, whatever other domains add there), the `EMAIL#`
 * credential and the `IDP#` identity items; finally a per-user "not before" makes every
 * access token issued so far useless.
 *
 * Order makes a failed erasure retryable with the same access token: sessions first (a
 * Redis outage stops everything before a single deletion), the items that let the user
 * sign in and the ones that lead to them (profile, identity links) last but one, and the
 * token cut-off last.
 *
 * @example
 * await eraseAccount({ data, signIns, revocations, user, now: Date.now() })
 */
export async function eraseAccount(input: {
  data: DataClient
  /** The user's sign-ins (refresh-token families) in their home region. */
  signIns: RefreshFamilyStore
  revocations: Revocations
  user: AuthUser
  now: number
}): Promise<{ sessions: number; deleted: number; claimsKept: number }> {
  const { data, user, now } = input
  const homeRegion = user.homeRegion
  const sessions = await input.signIns.endAll(user.id, liveModelCallKeys(user.id, new Date(now)))
  const kinds = byKind(await partitionItems(data, user.id, homeRegion))
  const claimsKept = await anonymiseClaims(data, user, kinds.purchases, now)
  const first = await data.erasePartition(userPartition(user.id), ['PROFILE', 'IDP#'], {
    homeRegion,
  })
  const email = typeof kinds.profile?.email === 'string' ? kinds.profile.email : user.email
  const owned: Key[] = [
    ...(email ? [keys.email(email)] : []),
    ...kinds.identityLinks.flatMap((link) => {
      const identity = linkedIdentity(link)
      return identity ? [keys.identity(identity.provider, identity.subject)] : []
    }),
  ]
  for (const key of owned) await deleteIfOwned(data, key, user)
  const last = await data.erasePartition(userPartition(user.id), [], { homeRegion })
  await input.revocations.revokeIssuedUntil(user.id, Math.floor(now / 1000), now)
  return { sessions, deleted: first.deleted + last.deleted + owned.length, claimsKept }
}

/** Strips `userId` from each purchase's claim (only claims that are this user's). */
async function anonymiseClaims(
  data: DataClient,
  user: AuthUser,
  purchases: Item[],
  now: number,
): Promise<number> {
  let kept = 0
  for (const purchase of purchases) {
    const txn = purchaseTransaction(purchase)
    if (!txn) continue
    const key = keys.claim(txn.store, txn.transactionId)
    const condition = { attribute: 'userId', compare: 'eq', value: user.id } as const
    const set = { erasedAt: new Date(now).toISOString() }
    try {
      await data.write([{ update: { key, remove: ['userId'], set, condition } }], {
        homeRegion: user.homeRegion,
      })
      kept++
    } catch (error) {
      // Already anonymised by an earlier attempt, or not this user's claim: leave it.
      if (!(error instanceof ConditionFailedError)) throw error
    }
  }
  return kept
}

/** Deletes an item outside the partition if it still names this user. */
async function deleteIfOwned(data: DataClient, key: Key, user: AuthUser): Promise<void> {
  const condition = { attribute: 'userId', compare: 'eq', value: user.id } as const
  try {
    await data.write([{ delete: { key, condition } }], { homeRegion: user.homeRegion })
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error
  }
}
