import type { Item, Key } from '../../shared/data-api'
import { keys } from '../../shared/keys'
import type { AuthUser } from '../auth/context'
import type { DataClient } from '../data/client'
import type { RefreshFamilyStore } from '../refresh-families/store'
import { exportSpeakingSessions } from '../speaking/export-sessions'
import type { SessionNamespace } from '../speaking/start-session'
import {
  byKind,
  linkedIdentity,
  partitionItems,
  purchaseTransaction,
  withoutSecrets,
} from './partition'

const BATCH = 100

/**
 * Everything we hold on a user (GDPR art. 15 and 20): every item of their partition
 * grouped by kind — profile, entitlements, purchases, assessments with their texts and
 * transcripts, idempotency records, anything newer under `other` — plus the items
 * outside it that name them (their email's credential item without the password hash,
 * their linked Apple/Google identities, their purchases' claim items), the speaking tests
 * not in their assessments yet with their transcripts so far (held by each test's Durable
 * Object), their live sessions and today's count of scoring runs from Redis (each `null`
 * when Redis cannot be reached: the rest of the export does not depend on it).
 *
 * @example
 * const modelCallsToday = () => modelCallsOn(redis, user.id, new Date(now))
 * const speaking = services.speakingSessions()
 * const body = await exportAccount({ data, signIns, speaking, modelCallsToday, user, now })
 */
export async function exportAccount(input: {
  data: DataClient
  /** The user's sign-ins (refresh-token families) in their home region. */
  signIns: RefreshFamilyStore
  /** The speaking sessions' Durable Objects. */
  speaking: SessionNamespace
  /** The user's scoring runs so far on the UTC day of `now` (their cost-guard counter). */
  modelCallsToday: () => Promise<number>
  user: AuthUser
  now: number
}) {
  const { data, user } = input
  const day = new Date(input.now).toISOString().slice(0, 10)
  const kinds = byKind(await partitionItems(data, user.id, user.homeRegion))
  const email = typeof kinds.profile?.email === 'string' ? kinds.profile.email : user.email
  const identityKeys = kinds.identityLinks.flatMap((link) => {
    const identity = linkedIdentity(link)
    return identity ? [keys.identity(identity.provider, identity.subject)] : []
  })
  const claimKeys = kinds.purchases.flatMap((item) => {
    const txn = purchaseTransaction(item)
    return txn ? [keys.claim(txn.store, txn.transactionId)] : []
  })
  const { idempotencyRecords, assessments } = kinds
  const speaking = { sessions: input.speaking, user, idempotencyRecords, assessments }
  const [credential, identities, claims, speakingSessions, sessions, modelCalls] =
    await Promise.all([
      email ? data.get(keys.email(email), { homeRegion: user.homeRegion }) : null,
      getAll(data, identityKeys, user),
      getAll(data, claimKeys, user),
      exportSpeakingSessions(speaking),
      input.signIns.list(user.id).catch(() => null),
      input.modelCallsToday().catch(() => null),
    ])
  const ownCredential = credential?.userId === user.id ? withoutSecrets(credential) : null
  return {
    exportedAt: new Date(input.now).toISOString(),
    user: { id: user.id, email: email ?? null, homeRegion: user.homeRegion },
    profile: kinds.profile && withoutSecrets(kinds.profile),
    credential: ownCredential,
    identities: identities.filter((item) => item.userId === user.id),
    entitlements: kinds.entitlements,
    purchases: kinds.purchases,
    purchaseClaims: claims.filter((item) => item.userId === user.id),
    assessments: kinds.assessments,
    speakingSessions,
    idempotencyRecords: kinds.idempotencyRecords,
    identityLinks: kinds.identityLinks,
    other: kinds.other.map(withoutSecrets),
    sessions,
    modelCallsToday: modelCalls === null ? null : { day, count: modelCalls },
  }
}

async function getAll(data: DataClient, wanted: Key[], user: AuthUser): Promise<Item[]> {
  const found: Item[] = []
  for (let i = 0; i < wanted.length; i += BATCH) {
    const items = await data.batchGet(wanted.slice(i, i + BATCH), { homeRegion: user.homeRegion })
    for (const item of items) if (item) found.push(item)
  }
  return found
}
