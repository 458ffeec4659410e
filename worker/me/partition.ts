import type { Item } from '../../shared/data-api'
import { USER_ITEM_PREFIX, userPartition } from '../../shared/keys'
import type { Region } from '../../shared/regions'
import type { DataClient } from '../data/client'

const PAGE = 100

/** Everything in a user's partition, every page, read from the home region. */
export async function partitionItems(data: DataClient, userId: string, homeRegion: Region) {
  const items: Item[] = []
  let cursor: string | undefined
  do {
    const page = await data.query(
      { pk: userPartition(userId), limit: PAGE, cursor, consistent: true },
      { homeRegion },
    )
    items.push(...page.items)
    cursor = page.cursor ?? undefined
  } while (cursor)
  return items
}

/** A user's items sorted by what they are (sort-key prefix); unknown kinds go to `other`. */
export function byKind(items: Item[]) {
  const kinds = {
    profile: null as Item | null,
    entitlements: [] as Item[],
    purchases: [] as Item[],
    assessments: [] as Item[],
    idempotencyRecords: [] as Item[],
    identityLinks: [] as Item[],
    other: [] as Item[],
  }
  for (const item of items) {
    if (item.sk === 'PROFILE') kinds.profile = item
    else if (item.sk.startsWith(USER_ITEM_PREFIX.entitlement)) kinds.entitlements.push(item)
    else if (item.sk.startsWith(USER_ITEM_PREFIX.purchase)) kinds.purchases.push(item)
    else if (item.sk.startsWith(USER_ITEM_PREFIX.assessment)) kinds.assessments.push(item)
    else if (item.sk.startsWith(USER_ITEM_PREFIX.idempotency)) kinds.idempotencyRecords.push(item)
    else if (item.sk.startsWith(USER_ITEM_PREFIX.identityLink)) kinds.identityLinks.push(item)
    else kinds.other.push(item)
  }
  return kinds
}

/** The store and transaction id of a `PURCHASE#<store>#<transaction id>` item. */
export function purchaseTransaction(item: Item) {
  const match = /^PURCHASE#(apple|google)#(.+)$/.exec(item.sk)
  return match ? { store: match[1] as 'apple' | 'google', transactionId: match[2]! } : undefined
}

/** The provider and subject of an `IDP#<provider>#<subject>` link. */
export function linkedIdentity(item: Item) {
  const match = /^IDP#(apple|google)#(.+)$/.exec(item.sk)
  return match ? { provider: match[1] as 'apple' | 'google', subject: match[2]! } : undefined
}

/** A copy without secrets (a password hash never leaves the table, not even to its owner). */
export function withoutSecrets(item: Item): Item {
  const { passwordHash: _hidden, ...rest } = item
  return rest as Item
}
