import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import { type KeyAttribute, TABLE_DEFINITION } from '../../shared/table'

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
