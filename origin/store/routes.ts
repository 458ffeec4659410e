import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { Hono } from 'hono'
import {
  BatchGetRequest,
  ErasePartitionRequest,
  GetRequest,
  QueryRequest,
  WriteRequest,
} from '../../shared/data-api'
import { type DataStore, type RetryPolicy, UNPROCESSED_RETRY } from './data-store'
import { erasePartition } from './erase'
import { batchGetItems, getItem, queryItems } from './read'
import type { StoreLog } from './store-errors'
import { parseBody } from './validation'
import { applyWrites } from './write'

export type DataRoutesOptions = {
  /** Created once per process, with `TRANSLATE_CONFIG` (see `createTableClients`). */
  client: DynamoDBDocumentClient
  tableName: string
  /** Gets event names and error codes only, never item contents. */
  log?: StoreLog
  /** Resending of unprocessed batch keys; tests pass a zero delay. */
  retry?: RetryPolicy
}

/**
 * The origin's data API (`shared/data-api.ts`) as a Hono sub-app: each route validates its
 * body with the contract's schema, runs one store helper and answers 200 with JSON. Errors
 * are thrown as `ApiError` for the origin app's error handler; DynamoDB failures that are
 * not the caller's fault are rethrown so the origin answers 5xx and the worker fails over.
 *
 * @example
 * const { documents } = createTableClients({ region: 'eu-west-1' })
 * app.route('/data', createDataRoutes({ client: documents, tableName: env.TABLE_NAME }))
 */
export function createDataRoutes(options: DataRoutesOptions): Hono {
  const store: DataStore = {
    client: options.client,
    tableName: options.tableName,
    log: options.log,
    retry: options.retry ?? UNPROCESSED_RETRY,
  }
  const routes = new Hono()
  routes.post('/get', async (c) => c.json(await getItem(store, await parseBody(c, GetRequest))))
  routes.post('/batch-get', async (c) => {
    return c.json(await batchGetItems(store, await parseBody(c, BatchGetRequest)))
  })
  routes.post('/query', async (c) => {
    return c.json(await queryItems(store, await parseBody(c, QueryRequest)))
  })
  routes.post('/write', async (c) => {
    return c.json(await applyWrites(store, await parseBody(c, WriteRequest)))
  })
  routes.post('/erase-partition', async (c) => {
    return c.json(await erasePartition(store, await parseBody(c, ErasePartitionRequest)))
  })
  return routes
}
