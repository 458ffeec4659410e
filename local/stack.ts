import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createTableClients } from '../origin/store'
import { REGIONS, type Region } from '../shared/regions'
import { LOCAL_EDGE_CREDENTIALS, LOCAL_TABLE_NAME } from './credentials'
import { type Emulator, startEmulators } from './emulators'
import { type OriginServer, startOriginServer } from './origin/server'
import {
  type DynamoDbLocal,
  LOCAL_CREDENTIALS,
  startDynamoDbLocal,
} from './services/dynamodb-local'
import { type RedisServer, redisServerAvailable, startRedisServer } from './services/redis-server'
import { ensureTable } from './services/table'

export type StackOptions = {
  /** Keep DynamoDB and Redis data here (the dev stack); undefined = in memory (tests). */
  dataDir?: string
  /** Fixed ports for the dev stack; 0/undefined picks free ones. */
  ports?: { dynamodb?: number; redis?: number; origins?: Partial<Record<Region, number>> }
  tableName?: string
}

/** Three regional origins sharing one table, as the Global Table's replicas would. */
export type OriginSet = {
  readonly redis: RedisServer
  readonly origins: Record<Region, OriginServer>
  stopOrigin(region: Region): Promise<void>
  startOrigin(region: Region): Promise<void>
  stop(): Promise<void>
}

export type LocalStack = OriginSet & {
  readonly dynamodb: DynamoDbLocal
  readonly emulators: readonly Emulator[]
  readonly tableName: string
  /** What the worker needs to reach this stack (vars and secrets). */
  workerVars(): Record<string, string>
  /** Another Redis and three origins on the same table, for tests that break things. */
  startOriginSet(): Promise<OriginSet>
}

/**
 * Starts the local stack: DynamoDB Local, redis-server and three origin servers on
 * loopback. `npm run dev`, the worker tests' global setup and the end-to-end tests all
 * start it this way.
 */
export async function startStack(options: StackOptions = {}): Promise<LocalStack> {
  if (!redisServerAvailable()) {
    throw new Error('redis-server is not installed: apt-get install -y redis-server')
  }
  const tableName = options.tableName ?? LOCAL_TABLE_NAME
  const dataDir = options.dataDir
  if (dataDir) mkdirSync(join(dataDir, 'dynamodb'), { recursive: true })
  const dynamodb = await startDynamoDbLocal({
    port: options.ports?.dynamodb,
    dataDir: dataDir ? join(dataDir, 'dynamodb') : undefined,
  })
  const { dynamodb: admin } = createTableClients({
    region: 'us-east-1',
    endpoint: dynamodb.endpoint,
    credentials: LOCAL_CREDENTIALS,
  })
  await ensureTable(admin, tableName)
  admin.destroy()

  const startSet = (ports?: StackOptions['ports'], redisDir?: string) =>
    startOriginSet({ dynamoEndpoint: dynamodb.endpoint, tableName, ports, redisDir })
  const primary = await startSet(options.ports, dataDir ? join(dataDir, 'redis') : undefined)
  // The dev stack keeps generated local secrets (signing keys, pepper) across restarts.
  const emulators = await startEmulators({ edgeCredentials: LOCAL_EDGE_CREDENTIALS, dataDir })
  const extraSets: OriginSet[] = []

  return {
    ...primary,
    dynamodb,
    emulators,
    tableName,
    workerVars: () => ({ ...emulatorVars(emulators), ...workerVarsFor(primary) }),
    async startOriginSet() {
      const set = await startSet()
      extraSets.push(set)
      return set
    },
    async stop() {
      await Promise.all([...extraSets, primary].map((set) => set.stop()))
      await Promise.all(emulators.map((emulator) => emulator.stop()))
      await dynamodb.stop()
    },
  }
}

function emulatorVars(emulators: readonly Emulator[]): Record<string, string> {
  return Object.assign({}, ...emulators.map((emulator) => emulator.vars))
}

/** The worker's view of an origin set: its three URLs and the edge credentials. */
export function workerVarsFor(set: Pick<OriginSet, 'origins'>): Record<string, string> {
  return {
    DEPLOY_ENV: 'local',
    ORIGIN_URL_US_EAST_1: set.origins['us-east-1'].url,
    ORIGIN_URL_EU_WEST_1: set.origins['eu-west-1'].url,
    ORIGIN_URL_AP_SOUTHEAST_1: set.origins['ap-southeast-1'].url,
    EDGE_AWS_ACCESS_KEY_ID: LOCAL_EDGE_CREDENTIALS.accessKeyId,
    EDGE_AWS_SECRET_ACCESS_KEY: LOCAL_EDGE_CREDENTIALS.secretAccessKey,
  }
}

async function startOriginSet(options: {
  dynamoEndpoint: string
  tableName: string
  ports?: StackOptions['ports']
  redisDir?: string
}): Promise<OriginSet> {
  if (options.redisDir) mkdirSync(options.redisDir, { recursive: true })
  const redis = await startRedisServer({ port: options.ports?.redis, dir: options.redisDir })
  const start = (region: Region, port?: number) =>
    startOriginServer({
      region,
      port,
      tableName: options.tableName,
      dynamoEndpoint: options.dynamoEndpoint,
      redisUrl: redis.url,
      credentials: LOCAL_EDGE_CREDENTIALS,
    })
  const origins = {} as Record<Region, OriginServer>
  for (const region of REGIONS)
    origins[region] = await start(region, options.ports?.origins?.[region])
  const stopped = new Set<Region>()
  return {
    redis,
    origins,
    async stopOrigin(region) {
      if (stopped.has(region)) return
      stopped.add(region)
      await origins[region].stop()
    },
    async startOrigin(region) {
      if (!stopped.has(region)) return
      origins[region] = await start(region, origins[region].port)
      stopped.delete(region)
    },
    async stop() {
      await Promise.all(REGIONS.filter((r) => !stopped.has(r)).map((r) => origins[r].stop()))
      await redis.stop()
    },
  }
}
