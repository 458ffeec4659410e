import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { encodeCursor } from '../../../../origin/store/cursor'
import { mountDataRoutes, post } from './harness'

// Validation happens before any DynamoDB call: a client that is never reached proves it.
const send = vi.fn(async () => {
  throw new Error('DynamoDB must not be called for an invalid request')
})
const app = mountDataRoutes({
  client: { send } as unknown as DynamoDBDocumentClient,
  tableName: 'unused',
})
afterEach(() => {
  expect(send).not.toHaveBeenCalled()
})

const key = { pk: 'USER#1', sk: 'PROFILE' }

/** Posts and expects 400 VALIDATION_FAILED in the error shape; returns the first issue. */
async function refused(path: string, body: unknown) {
  const reply = await post(app, `/data${path}`, body)
  expect(reply.status).toBe(400)
  expect(reply.body).toEqual({
    error: {
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^Invalid body|^The cursor/),
      requestId: 'test-request',
      details: { issues: expect.any(Array) },
    },
  })
  return reply.body.error.details.issues[0] as { path: string; message: string }
}

describe('data API validation', () => {
  it('refuses a key with an unknown prefix', async () => {
    const issue = await refused('/get', { key: { pk: 'ADMIN#1', sk: 'PROFILE' } })
    expect(issue).toEqual({
      path: 'body.key.pk',
      message: expect.stringContaining('partition keys start with one of USER#'),
    })
  })

  it('refuses an attribute name DynamoDB could misread', async () => {
    const item = { ...key, 'bad-name': 1 }
    const issue = await refused('/write', { ops: [{ put: { item } }] })
    expect(issue.path).toBe('body.ops.0.put.item')
  })

  it('refuses an update that sets the partition key, naming the field', async () => {
    const issue = await refused('/write', { ops: [{ update: { key, set: { pk: 'USER#2' } } }] })
    expect(issue).toEqual({ path: 'body.ops.0.update.set.pk', message: 'keys cannot be updated' })
  })

  it('refuses an update that changes nothing', async () => {
    const issue = await refused('/write', { ops: [{ update: { key, set: {} } }] })
    expect(issue.message).toBe('an update sets, adds or removes something')
  })

  it('refuses 26 ops', async () => {
    const ops = Array.from({ length: 26 }, (_, i) => ({ delete: { key: { ...key, sk: `S${i}` } } }))
    expect((await refused('/write', { ops })).path).toBe('body.ops')
  })

  it('names the valid op kinds for an unknown op', async () => {
    const issue = await refused('/write', { ops: [{ upsert: { key } }] })
    expect(issue).toEqual({
      path: 'body.ops.0',
      message: 'expected one of put, update, delete, check',
    })
  })

  it('refuses numbers the document client cannot carry exactly', async () => {
    const item = { ...key, big: 2 ** 60 }
    expect((await refused('/write', { ops: [{ put: { item } }] })).path).toContain('big')
  })

  it('refuses cursors that are not ones the query handed out', async () => {
    const cursors = [
      'not base64url!',
      Buffer.from('not json').toString('base64url'),
      encodeCursor({ pk: 'USER#1', sk: 2 }),
      Buffer.from('["USER#1","x"]').toString('base64url'),
      encodeCursor({ pk: 'USER#1', sk: 'x', extra: 'y' }),
    ]
    for (const cursor of cursors) {
      const issue = await refused('/query', { pk: 'USER#1', cursor })
      expect(issue.path).toBe('body.cursor')
    }
  })

  it('refuses unknown fields and a limit over 100', async () => {
    expect((await refused('/get', { key, extra: true })).path).toBe('body')
    expect((await refused('/query', { pk: 'USER#1', limit: 101 })).path).toBe('body.limit')
  })

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const reply = await post(app, '/data/get', '{"key":')
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('INVALID_JSON')
  })
})
