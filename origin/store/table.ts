import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'

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
 * The single table, defined once as data: `ensureTable` (local runs) and the CDK stack both
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

/**
 * The CreateTable request for `TABLE_DEFINITION` (TTL is a separate call in DynamoDB).
 *
 * @example
 * await client.send(new CreateTableCommand(createTableInput('ielts-local')))
 */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, globalSecondaryIndexes, billingMode } = TABLE_DEFINITION
  const keys = [
    partitionKey,
    sortKey,
    ...globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]
  const attributes = new Map(keys.map((key) => [key.name, key.type]))
  return {
    TableName: tableName,
    BillingMode: billingMode,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: keySchema(partitionKey, sortKey),
    GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: index.projection },
    })),
  }
}

const keySchema = (partitionKey: KeyAttribute, sortKey: KeyAttribute) => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
  { AttributeName: sortKey.name, KeyType: 'RANGE' as const },
]

/**
 * Creates the table if it is missing, waits until it is ACTIVE and enables TTL. Safe to
 * call from several processes at once (three local origins starting together).
 *
 * @example
 * await ensureTable(new DynamoDBClient({ endpoint }), 'ielts-local') // 'created'
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  maxWaitSeconds = 60,
): Promise<'created' | 'existing'> {
  const created = await createTableIfMissing(client, tableName)
  await waitUntilTableExists(
    { client, maxWaitTime: maxWaitSeconds, minDelay: 1 },
    { TableName: tableName },
  )
  await enableTimeToLive(client, tableName)
  return created ? 'created' : 'existing'
}

/** Creating straight away (rather than Describe first) leaves no window for a racing creator. */
async function createTableIfMissing(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)))
    return true
  } catch (error) {
    if ((error as Error).name === 'ResourceInUseException') return false
    throw error
  }
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const attribute = TABLE_DEFINITION.timeToLiveAttribute
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  )
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') {
    if (ttl.AttributeName === attribute) return
    throw new Error(`Table ${tableName} expires items by ${ttl.AttributeName}, not ${attribute}.`)
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
    )
  } catch (error) {
    // A racing caller enabled it between our Describe and Update: DynamoDB says so this way.
    if (!/already enabled/i.test((error as Error).message)) throw error
  }
}
