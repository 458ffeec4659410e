import type { Context } from 'aws-lambda'
import { handle, type LambdaEvent } from 'hono/aws-lambda'
import { createLogger } from '../shared/log'
import { createOriginApp } from './app'
import { originConfig } from './config'
import { createRedisConnection, waitUntilReady } from './redis'
import { iamPasswordProvider } from './redis/iam-auth'
import { createTableClients } from './store'

// Built once per execution environment and reused across invocations (and kept warm by
// the five-minute EventBridge rule). The Function URL's AWS_IAM auth has already checked
// the worker's SigV4 signature before this code runs.
const config = originConfig()
// DYNAMODB_ENDPOINT is unset in AWS; bench/ sets it to run this entry against DynamoDB Local.
const { documents } = createTableClients({
  region: config.AWS_REGION,
  ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
})
const redis = createRedisConnection(config.REDIS_URL, {
  password: config.REDIS_IAM_CACHE_NAME
    ? iamPasswordProvider({
        url: config.REDIS_URL,
        cacheName: config.REDIS_IAM_CACHE_NAME,
        region: config.AWS_REGION,
      })
    : undefined,
})
const log = createLogger({ service: 'origin', region: config.AWS_REGION })

const app = createOriginApp({
  region: config.AWS_REGION,
  version: config.APP_VERSION,
  documents,
  tableName: config.TABLE_NAME,
  redis,
})
const http = handle(app)

const WARM_READY_TIMEOUT_MS = 3_000

type WarmingEvent = { source: 'aws.events'; 'detail-type': string }

function isWarmingEvent(event: unknown): event is WarmingEvent {
  return (
    typeof event === 'object' && event !== null && (event as WarmingEvent).source === 'aws.events'
  )
}

/**
 * Function URL requests go to the Hono app; the scheduled EventBridge ping (not an HTTP
 * event) only keeps the environment and its Redis connection warm.
 */
export async function handler(event: LambdaEvent | WarmingEvent, context: Context) {
  if (isWarmingEvent(event)) {
    const started = Date.now()
    // After a cold start the connection (TLS + IAM auth) is still being set up, and with no
    // offline queue a PING sent now would fail at once: give it the time to finish.
    const redisOk =
      (await waitUntilReady(redis, WARM_READY_TIMEOUT_MS)) &&
      (await redis.ping().then(
        () => true,
        () => false,
      ))
    log.info('warmed', { redisOk, durationMs: Date.now() - started })
    return { warmed: true }
  }
  return http(event, context)
}
