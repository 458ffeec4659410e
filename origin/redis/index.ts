export { createRedisConnection, waitUntilReady } from './connection'
export { createRedisRoutes } from './routes'
