import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'

/**
 * The origin's cold-start baseline (bench/lib/startup.ts): a bare `hono/aws-lambda` handler
 * with the same DynamoDB document client, reading the same health key, and nothing else
 * (no Redis connection, no data API, no validation).
 */
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: process.env.AWS_REGION,
    ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}),
  }),
)
const app = new Hono()
app.get('/health', async (c) => {
  await documents.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'HEALTH', sk: 'PROBE' } }),
  )
  return c.json({ status: 'ok' })
})

export const handler = handle(app)
