export type KeyAttribute = { readonly name: string; readonly type: 'S' }

export type IndexDefinition = {
  readonly indexName: string
  readonly partitionKey: KeyAttribute
  readonly sortKey: KeyAttribute
  readonly projection: 'ALL'
}

export type TableDefinition = {
  readonly partitionKey: KeyAttribute
  readonly sortKey: KeyAttribute
  readonly globalSecondaryIndexes: readonly IndexDefinition[]
  /** Epoch seconds; DynamoDB deletes expired items within a few days, so reads still check it. */
  readonly timeToLiveAttribute: string
  readonly billingMode: 'PAY_PER_REQUEST'
}

/** The one secondary index: an alternate partition (`gsi1pk`) ordered by `gsi1sk`. */
export const GSI1 = {
  indexName: 'gsi1',
  partitionKey: { name: 'gsi1pk', type: 'S' },
  sortKey: { name: 'gsi1sk', type: 'S' },
  projection: 'ALL',
} as const satisfies IndexDefinition

/**
 * The single table, defined once as data: `ensureTable` (local runs, `local/services/table.ts`) and the CDK stack both
 * read it, so the two can never disagree. Entities and their keys:
 *
 * | pk                     | sk                         | what                                 |
 * | ---------------------- | -------------------------- | ------------------------------------ |
 * | `USER#<id>`            | `PROFILE`                  | profile, home region, password hash  |
 * | `EMAIL#<email>`        | `EMAIL`                    | email → user, claimed once           |
 * | `IDP#<provider>#<sub>` | `IDP`                      | Apple / Google identity → user       |
 * | `USER#<id>`            | `ENT#<module>`             | entitlement counters (`remaining`…)  |
 * | `USER#<id>`            | `PURCHASE#<store>#<txn>`   | a purchase and what it granted       |
 * | `USER#<id>`            | `RECONCILE#apple#<txn>`    | Apple grant to re-check (`gsi1`);    |
 * |                        |                            | TTL-expired after 90 days            |
 * | `TXN#<store>#<id>`     | `CLAIM`                    | one grant per store transaction;     |
 * |                        |                            | kept after erasure for refunds       |
 * | `USER#<id>`            | `ASSESS#<time-ordered id>` | assessment (text only), time-sorted |
 * | `USER#<id>`            | `IDEM#<key>`               | idempotency record                   |
 * | `NOTIF#<store>#<id>`   | `NOTIF`                    | store notification seen; TTL-expired |
 * | `SESSION#<id>`         | `SESSION`                  | speaking session state               |
 *
 * Everything a user owns lives under `USER#<id>`, so erasure is one partition walk.
 *
 * @example
 * new TableV2(this, 'Table', {
 *   partitionKey: { name: TABLE_DEFINITION.partitionKey.name, type: AttributeType.STRING },
 *   timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
 * })
 */
export const TABLE_DEFINITION = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [GSI1],
  timeToLiveAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
} as const satisfies TableDefinition
