import { randomUUID } from 'node:crypto'
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DynamoDbLocal, startDynamoDbLocal } from '../../../local/services/dynamodb-local'
import { createTableInput, ensureTable } from '../../../local/services/table'
import { TABLE_DEFINITION } from '../../../shared/table'
import { localClients, mountDataRoutes, post, uniqueUser } from '../origin/store/harness'

let ddb: DynamoDbLocal
beforeAll(async () => {
  ddb = await startDynamoDbLocal({ port: 0 })
}, 90_000)
afterAll(async () => {
  await ddb?.stop()
})

describe('createTableInput', () => {
  it('builds pk/sk, gsi1 (ALL) and on-demand billing from TABLE_DEFINITION', () => {
    const input = createTableInput('t1')
    expect(input).toMatchObject({
      TableName: 't1',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    })
    const names = input.AttributeDefinitions?.map((a) => `${a.AttributeName}:${a.AttributeType}`)
    expect(names).toEqual(['pk:S', 'sk:S', 'gsi1pk:S', 'gsi1sk:S'])
    expect(TABLE_DEFINITION.timeToLiveAttribute).toBe('expiresAt')
  })
})

describe('ensureTable', () => {
  it('creates the table once, ACTIVE, with its index and TTL on expiresAt', async () => {
    const { dynamodb } = localClients(ddb.endpoint)
    const tableName = `ielts-${randomUUID()}`
    expect(await ensureTable(dynamodb, tableName)).toBe('created')
    expect(await ensureTable(dynamodb, tableName)).toBe('existing')
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))
    expect(Table?.TableStatus).toBe('ACTIVE')
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['gsi1'])
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }))
    expect(ttl.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    })
    dynamodb.destroy()
  })

  it('is safe when three origins ensure the same table at once', async () => {
    const tableName = `ielts-${randomUUID()}`
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-1']
    const clients = regions.map((region) => localClients(ddb.endpoint, region).dynamodb)
    const results = await Promise.all(clients.map((client) => ensureTable(client, tableName)))
    expect(results.filter((result) => result === 'created')).toHaveLength(1)
    for (const client of clients) client.destroy()
  })
})

describe('one table for every local region (-sharedDb)', () => {
  it('shows a write through the us-east-1 origin to the eu-west-1 origin', async () => {
    const tableName = `ielts-${randomUUID()}`
    // Different regions and access keys: without -sharedDb these would be two databases.
    const us = localClients(ddb.endpoint, 'us-east-1')
    const eu = localClients(ddb.endpoint, 'eu-west-1', { accessKeyId: 'eu', secretAccessKey: 'x' })
    await ensureTable(us.dynamodb, tableName)
    expect(await ensureTable(eu.dynamodb, tableName)).toBe('existing')
    const usApp = mountDataRoutes({ client: us.documents, tableName })
    const euApp = mountDataRoutes({ client: eu.documents, tableName })
    const key = { pk: uniqueUser(), sk: 'PROFILE' }
    expect((await post(usApp, '/data/write', { ops: [{ put: { item: key } }] })).status).toBe(200)
    const read = await post(euApp, '/data/get', { key, consistent: true })
    expect(read.body.item).toEqual(key)
    us.dynamodb.destroy()
    eu.dynamodb.destroy()
  })
})
