/**
 * What lets one `payOrder` at a time work on an order, across every process that shares the lock.
 * `@daji-openapi/redis` ships one (`createRedisPayLock`); anything with the same two steps works —
 * a row lock, a lease in your database.
 */
export interface PayLock {
  /**
   * Takes the lock of `orderId` for this caller. Resolves to the held lease, or `null` when another
   * holder has it. Rejects when the lock's store cannot be reached: payOrder then pays nothing.
   */
  acquire(orderId: string): Promise<PayLockLease | null>;
}

/** A held lock. The implementation keeps it alive (renews it) until `release`. */
export interface PayLockLease {
  /**
   * False once the lock may have passed to another holder: renewal found someone else's token, or
   * could not be confirmed before the lease ran out. payOrder checks it before every call it makes.
   */
  held(): boolean;
  /** Gives the lock back. Only ever frees this holder's own lock, never the next holder's. */
  release(): Promise<void>;
}

/** Whether `value` has the shape of a PayLock (used to name a bad `lock` option clearly). */
export function isPayLock(value: unknown): value is PayLock {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { acquire?: unknown }).acquire === 'function'
  );
}
