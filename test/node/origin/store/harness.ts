import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import {
  type DynamoDbLocal,
  LOCAL_CREDENTIALS,
  startDynamoDbLocal,
} from '../../../../local/services/dynamodb-local'
import { ensureTable } from '../../../../local/services/table'
import { createTableClients, type TableClients } from '../../../../origin/store/client'
import { createDataRoutes, type DataRoutesOptions } from '../../../../origin/store/routes'
import { ApiError, errorBody } from '../../../../shared/errors'

/** What a test sees of an answer: its status and parsed JSON body. */
// biome-ignore lint/suspicious/noExplicitAny: tests read replies field by field and assert them
export type Reply = { status: number; body: any }

export type StoreHarness = {
  ddb: DynamoDbLocal
  clients: TableClients
  tableName: string
  /** Log lines the store wrote, to prove nothing from items reaches them. */
  logs: string[]
  call(path: string, body: unknown): Promise<Reply>
  stop(): Promise<void>
}

/** A unique partition key for one test: tests never share data or depend on order. */
export const uniqueUser = () => `USER#${randomUUID()}`

/**
 * Mounts the data routes at `/data` under a tiny app whose onError does what the origin
 * app's does: ApiError → the error shape, anything else → a bare 500.
 */
export function mountDataRoutes(options: DataRoutesOptions): Hono {
  const app = new Hono()
  app.route('/data', createDataRoutes(options))
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      const body = errorBody(error.code, error.message, 'test-request', error.details)
      return c.json(body, error.status as ContentfulStatusCode, error.headers)
    }
    return c.json(errorBody('INTERNAL', 'Something went wrong on our side.', 'test-request'), 500)
  })
  return app
}

/** Sends a JSON body to an app and reads the JSON answer. */
export async function post(app: Hono, path: string, body: unknown): Promise<Reply> {
  const response = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

/** Builds clients for DynamoDB Local as an origin of `region` would. */
export function localClients(
  endpoint: string,
  region = 'us-east-1',
  credentials = LOCAL_CREDENTIALS,
): TableClients {
  return createTableClients({ endpoint, region, credentials, maxAttempts: 1 })
}

/** Starts DynamoDB Local in memory, creates a fresh table and mounts the data routes on it. */
export async function startStoreHarness(): Promise<StoreHarness> {
  const ddb = await startDynamoDbLocal({ port: 0 })
  const tableName = `ielts-test-${randomUUID()}`
  const clients = localClients(ddb.endpoint)
  const logs: string[] = []
  const log = { warn: (msg: string, fields?: object) => logs.push(JSON.stringify({ msg, fields })) }
  try {
    await ensureTable(clients.dynamodb, tableName)
  } catch (error) {
    await ddb.stop()
    throw error
  }
  const retry = { attempts: 3, delayMs: () => 0 }
  const app = mountDataRoutes({ client: clients.documents, tableName, log, retry })
  return {
    ddb,
    clients,
    tableName,
    logs,
    call: (path, body) => post(app, `/data${path}`, body),
    stop: async () => {
      clients.dynamodb.destroy()
      await ddb.stop()
    },
  }
}
