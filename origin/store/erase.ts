import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { ErasePartitionResponse, Key } from '../../shared/data-api'
import { type DataStore, untilProcessed } from './data-store'
import { ExpressionBuilder } from './expressions'
import { translateStoreError } from './store-errors'

/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_LIMIT = 25

type DeleteRequest = { DeleteRequest: { Key: Key } }
type KeyPage = { keys: Key[]; next?: Record<string, unknown> }

/**
 * `POST /data/erase-partition`: walks the partition page by page (consistent reads, keys
 * only) and deletes every item whose sort key starts with none of `keep` — what the law
 * makes us keep after an account is erased. Deleting what is already gone is a no-op, so a
 * replay (or a failover to another region) finishes the job rather than failing.
 *
 * @example
 * await erasePartition(store, { pk: 'USER#1', keep: ['PURCHASE#'] }) // { deleted: 12, kept: 2 }
 */
export async function erasePartition(
  store: DataStore,
  request: { pk: string; keep: string[] },
): Promise<ErasePartitionResponse> {
  let deleted = 0
  let kept = 0
  let start: Record<string, unknown> | undefined
  do {
    const page = await partitionKeys(store, request.pk, start)
    const doomed = page.keys.filter((key) => !request.keep.some((p) => key.sk.startsWith(p)))
    kept += page.keys.length - doomed.length
    for (let i = 0; i < doomed.length; i += BATCH_WRITE_LIMIT) {
      await deleteKeys(store, doomed.slice(i, i + BATCH_WRITE_LIMIT))
    }
    deleted += doomed.length
    start = page.next
  } while (start)
  return { deleted, kept }
}

/** One Query page of the partition's keys (up to DynamoDB's 1 MB page). */
async function partitionKeys(
  store: DataStore,
  pk: string,
  start: Record<string, unknown> | undefined,
): Promise<KeyPage> {
  const b = new ExpressionBuilder()
  const KeyConditionExpression = `${b.name('pk')} = ${b.value(pk)}`
  const command = new QueryCommand({
    TableName: store.tableName,
    KeyConditionExpression,
    ProjectionExpression: `${b.name('pk')}, ${b.name('sk')}`,
    ...b.attributes(),
    ConsistentRead: true,
    ExclusiveStartKey: start,
  })
  const output = await store.client.send(command).catch((e) => translateStoreError(e, store.log))
  return { keys: (output.Items ?? []) as Key[], next: output.LastEvaluatedKey }
}

/** One BatchWriteItem of up to 25 deletes, resending whatever comes back unprocessed. */
async function deleteKeys(store: DataStore, keys: Key[]): Promise<void> {
  const table = store.tableName
  const requests: DeleteRequest[] = keys.map((key) => ({ DeleteRequest: { Key: key } }))
  await untilProcessed(
    requests,
    async (batch) => {
      const command = new BatchWriteCommand({ RequestItems: { [table]: batch } })
      const output = await store.client
        .send(command)
        .catch((e) => translateStoreError(e, store.log))
      return (output.UnprocessedItems?.[table] ?? []) as DeleteRequest[]
    },
    store.retry,
    store.log,
  )
}
