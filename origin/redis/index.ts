export { ALLOWED_COMMANDS } from '../../shared/redis-commands'
export {
  createRedisConnection,
  type RedisConnectionOptions,
  waitUntilReady,
} from './connection'
export { createRedisRoutes, type RedisRoutesEnv, type RedisRoutesOptions } from './routes'
