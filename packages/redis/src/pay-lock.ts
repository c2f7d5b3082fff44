import type { PayLock, PayLockLease } from '@daji-openapi/retry-policies';
import { checkMs, openConnection, type RedisConnectionOptions, script } from './connection.js';
import { holdLease, randomToken } from './lease.js';

export interface RedisPayLockOptions extends RedisConnectionOptions {
  /**
   * How long the lock outlives a holder that died; renewed every third of it while payOrder runs.
   * Default 30 000 (30 s).
   */
  leaseMs?: number;
}

/** A PayLock shared by every instance, plus `close()` for the connection it opened. */
export interface RedisPayLock extends PayLock {
  /** Disconnects when the lock opened its own connection (`url`); a `client` you passed stays open. */
  close(): Promise<void>;
}

// Redis' single-instance lock recipe: SET NX PX with a random token.
const ACQUIRE = script(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`);

/**
 * The per-order pay lock for `payOrder(client, { orderId, lock })`: one holder per order across every
 * instance, a random token per holder, release by compare-and-delete, the lease renewed while the holder
 * works.
 *
 * @example
 * const lock = await createRedisPayLock({ url: process.env.REDIS_URL });
 * const outcome = await payOrder(client, { orderId, lock });
 */
export async function createRedisPayLock(options: RedisPayLockOptions): Promise<RedisPayLock> {
  const factory = 'createRedisPayLock';
  const leaseMs = options?.leaseMs ?? 30_000;
  checkMs(factory, 'leaseMs', leaseMs, { min: 100 });
  const connection = await openConnection(factory, options);

  return {
    async acquire(orderId): Promise<PayLockLease | null> {
      if (typeof orderId !== 'string' || orderId === '') {
        throw new TypeError(`${factory}: acquire(orderId) needs the order id as a non-empty string.`);
      }
      const key = `${connection.prefix}pay-lock:${orderId}`;
      const token = randomToken();
      const takenAt = Date.now();
      const taken = Number(await connection.run(ACQUIRE, [key], [token, leaseMs]));
      if (taken !== 1) return null;
      const lease = holdLease(connection, key, token, leaseMs, takenAt);
      return { held: lease.held, release: lease.release };
    },
    close: () => connection.close(),
  };
}
