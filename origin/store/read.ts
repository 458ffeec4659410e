import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { z } from 'zod'
import type {
  BatchGetRequest,
  BatchGetResponse,
  GetRequest,
  GetResponse,
  Item,
  Key,
  QueryRequest,
  QueryResponse,
} from '../../shared/data-api'
import { ApiError } from '../../shared/errors'
import { GSI1, TABLE_DEFINITION } from '../../shared/table'
import { type CursorScope, decodeCursor, encodeCursor } from './cursor'
import { type DataStore, untilProcessed } from './data-store'
import { ExpressionBuilder } from './expressions'
import { translateStoreError } from './store-errors'

/** A query as validated (the contract's default `limit` applied). */
export type ParsedQuery = z.output<typeof QueryRequest>

const { partitionKey, sortKey } = TABLE_DEFINITION
const TABLE_KEYS = [partitionKey.name, sortKey.name]

/**
 * `POST /data/get`: one item by key, or null.
 *
 * @example
 * await getItem(store, { key: { pk: 'USER#1', sk: 'PROFILE' }, consistent: true })
 */
export async function getItem(store: DataStore, request: GetRequest): Promise<GetResponse> {
  const command = new GetCommand({
    TableName: store.tableName,
    Key: request.key,
    ConsistentRead: request.consistent,
  })
  const output = await store.client.send(command).catch((e) => translateStoreError(e, store.log))
  return { item: (output.Item as Item | undefined) ?? null }
}

const keyId = (key: { pk: string; sk: string }) => JSON.stringify([key.pk, key.sk])

/**
 * `POST /data/batch-get`: up to 100 keys in one BatchGetItem, resending unprocessed keys,
 * answered in the order asked with null where absent. Duplicates are asked once: DynamoDB
 * refuses a batch that names a key twice.
 *
 * @example
 * await batchGetItems(store, { keys: [a, missing, a] }) // { items: [itemA, null, itemA] }
 */
export async function batchGetItems(
  store: DataStore,
  request: BatchGetRequest,
): Promise<BatchGetResponse> {
  const unique = [...new Map(request.keys.map((key) => [keyId(key), key])).values()]
  const found = new Map<string, Item>()
  await untilProcessed(
    unique,
    async (keys) => {
      const table = store.tableName
      const command = new BatchGetCommand({
        RequestItems: { [table]: { Keys: keys, ConsistentRead: request.consistent } },
      })
      const output = await store.client
        .send(command)
        .catch((e) => translateStoreError(e, store.log))
      for (const item of (output.Responses?.[table] ?? []) as Item[]) found.set(keyId(item), item)
      return (output.UnprocessedKeys?.[table]?.Keys ?? []) as Key[]
    },
    store.retry,
    store.log,
  )
  return { items: request.keys.map((key) => found.get(keyId(key)) ?? null) }
}

/**
 * `POST /data/query`: one partition of the table or of `gsi1`, optionally by sort-key
 * prefix, one page at a time. A consistent read of the GSI is refused up front (DynamoDB
 * only offers eventually consistent reads on global secondary indexes).
 *
 * @example
 * await queryItems(store, { pk: 'USER#1', skBeginsWith: 'ASSESS#', limit: 20, descending: true })
 */
export async function queryItems(store: DataStore, request: ParsedQuery): Promise<QueryResponse> {
  if (request.index && request.consistent) {
    const message = 'Consistent reads are only available on the table, not on gsi1.'
    throw new ApiError('VALIDATION_FAILED', message, {
      details: { issues: [{ path: 'body.consistent', message }] },
    })
  }
  const scope = queryScope(request)
  const b = new ExpressionBuilder()
  const partition = `${b.name(scope.partitionAttribute)} = ${b.value(request.pk)}`
  const prefix = request.skBeginsWith
  const KeyConditionExpression = prefix
    ? `${partition} AND begins_with(${b.name(scope.sortAttribute)}, ${b.value(prefix)})`
    : partition
  const command = new QueryCommand({
    TableName: store.tableName,
    IndexName: request.index,
    KeyConditionExpression,
    ...b.attributes(),
    Limit: request.limit,
    ScanIndexForward: !request.descending,
    ConsistentRead: request.consistent,
    ExclusiveStartKey: request.cursor ? decodeCursor(request.cursor, scope) : undefined,
  })
  const output = await store.client.send(command).catch((e) => translateStoreError(e, store.log))
  return {
    items: (output.Items ?? []) as Item[],
    cursor: output.LastEvaluatedKey ? encodeCursor(output.LastEvaluatedKey) : null,
  }
}

/** A GSI's LastEvaluatedKey holds the index key and the table key, so a cursor must too. */
function queryScope(request: ParsedQuery): CursorScope {
  const bounds = { pk: request.pk, skBeginsWith: request.skBeginsWith }
  if (!request.index) {
    const attributes = { partitionAttribute: partitionKey.name, sortAttribute: sortKey.name }
    return { ...bounds, ...attributes, keyAttributes: TABLE_KEYS }
  }
  return {
    ...bounds,
    keyAttributes: [...TABLE_KEYS, GSI1.partitionKey.name, GSI1.sortKey.name],
    partitionAttribute: GSI1.partitionKey.name,
    sortAttribute: GSI1.sortKey.name,
  }
}
