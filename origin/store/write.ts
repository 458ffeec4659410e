import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { WriteRequest, WriteResponse } from '../../shared/data-api'
import type { DataStore } from './data-store'
import { type CompiledOp, compileWriteOp } from './operations'
import { translateStoreError } from './store-errors'

/**
 * `POST /data/write`: applies 1–25 ops atomically.
 *
 * - one put, update or delete without a token → a single conditional PutItem, UpdateItem
 *   or DeleteItem (half the write cost of a transaction);
 * - a `check` alone → a one-item TransactWriteItems: DynamoDB evaluates the condition
 *   itself, so the origin never re-implements condition semantics in JavaScript;
 * - 2–25 ops, or any ops with a `token` → TransactWriteItems with the token as
 *   ClientRequestToken, so a retry within 10 minutes is idempotent as the contract promises
 *   (the token is per region: a failover replay relies on conditions instead).
 *
 * @example
 * await applyWrites(store, { ops: [{ put: { item, condition: { itemExists: false } } }] })
 */
export async function applyWrites(store: DataStore, request: WriteRequest): Promise<WriteResponse> {
  const ops = request.ops.map((op) => compileWriteOp(op, store.tableName))
  const [only] = ops
  try {
    if (ops.length === 1 && only && !request.token && !only.ConditionCheck) {
      await writeOne(store, only)
    } else {
      await transactWrite(store, ops, request.token)
    }
  } catch (error) {
    translateStoreError(error, store.log)
  }
  return { ok: true }
}

async function writeOne(store: DataStore, op: CompiledOp): Promise<void> {
  if (op.Put) return putItem(store, op.Put)
  if (op.Update) return updateItem(store, op.Update)
  if (op.Delete) return deleteItem(store, op.Delete)
  throw new Error('a single write is a put, an update or a delete')
}

async function putItem(store: DataStore, put: NonNullable<CompiledOp['Put']>): Promise<void> {
  await store.client.send(new PutCommand(put))
}

async function updateItem(
  store: DataStore,
  update: NonNullable<CompiledOp['Update']>,
): Promise<void> {
  await store.client.send(new UpdateCommand(update))
}

async function deleteItem(
  store: DataStore,
  remove: NonNullable<CompiledOp['Delete']>,
): Promise<void> {
  await store.client.send(new DeleteCommand(remove))
}

async function transactWrite(store: DataStore, ops: CompiledOp[], token?: string): Promise<void> {
  await store.client.send(
    new TransactWriteCommand({ TransactItems: ops, ClientRequestToken: token }),
  )
}
