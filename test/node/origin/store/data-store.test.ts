import { ThrottlingException } from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it, vi } from 'vitest'
import { untilProcessed } from '../../../../origin/store/data-store'
import { ApiError } from '../../../../shared/errors'
import { mountDataRoutes, post } from './harness'

const noDelay = { attempts: 3, delayMs: () => 0 }
type Command = {
  constructor: { name: string }
  input: { RequestItems: Record<string, { Keys: unknown[] }> }
}

/** A document client double answering each command with the next scripted output. */
function scriptedClient(outputs: ((command: Command) => unknown)[]) {
  const send = vi.fn(async (command: Command) => {
    const next = outputs.shift()
    if (!next) throw new Error(`unexpected ${command.constructor.name}`)
    return next(command)
  })
  return { send, client: { send } as unknown as DynamoDBDocumentClient }
}

describe('untilProcessed', () => {
  it('resends only what came back unprocessed, until nothing does', async () => {
    const batches: number[][] = []
    await untilProcessed(
      [1, 2, 3],
      async (batch) => {
        batches.push(batch)
        return batch.length > 1 ? batch.slice(1) : []
      },
      noDelay,
    )
    expect(batches).toEqual([[1, 2, 3], [2, 3], [3]])
  })

  it('gives up after the last attempt with 502 STORE_UNAVAILABLE', async () => {
    const warnings: unknown[] = []
    const log = { warn: (_msg: string, fields?: object) => warnings.push(fields) }
    const attempt = untilProcessed([1], async (batch) => batch, noDelay, log)
    await expect(attempt).rejects.toBeInstanceOf(ApiError)
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', status: 502 })
    expect(warnings).toEqual([{ unprocessed: 1 }])
  })
})

describe('POST /data/batch-get with unprocessed keys', () => {
  it('retries the unprocessed keys and still answers in request order', async () => {
    const a = { pk: 'USER#1', sk: 'A' }
    const b = { pk: 'USER#1', sk: 'B' }
    const { send, client } = scriptedClient([
      () => ({ Responses: { t: [{ ...b, n: 2 }] }, UnprocessedKeys: { t: { Keys: [a] } } }),
      (command) => {
        expect(command.input.RequestItems.t?.Keys).toEqual([a])
        return { Responses: { t: [{ ...a, n: 1 }] } }
      },
    ])
    const app = mountDataRoutes({ client, tableName: 't', retry: noDelay })
    const reply = await post(app, '/data/batch-get', { keys: [a, b] })
    expect(reply).toEqual({
      status: 200,
      body: {
        items: [
          { ...a, n: 1 },
          { ...b, n: 2 },
        ],
      },
    })
    expect(send).toHaveBeenCalledTimes(2)
  })
})

describe('DynamoDB failures that are not the caller’s', () => {
  it('answer 5xx so the worker fails over to another region', async () => {
    const throttled = new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })
    const { client } = scriptedClient([
      () => {
        throw throttled
      },
    ])
    const app = mountDataRoutes({ client, tableName: 't' })
    const reply = await post(app, '/data/get', { key: { pk: 'USER#1', sk: 'PROFILE' } })
    expect(reply.status).toBe(500)
    expect(JSON.stringify(reply.body)).not.toContain('Rate exceeded')
  })
})
