export { type RedisConnectionOptions, RedisUnavailableError } from './connection.js';
export { createRedisPayLock, type RedisPayLock, type RedisPayLockOptions } from './pay-lock.js';
export {
  createRedisRateLimiter,
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
} from './rate-limiter.js';
export { createRedisSeenStore, type RedisSeenStore, type RedisSeenStoreOptions } from './seen-store.js';
