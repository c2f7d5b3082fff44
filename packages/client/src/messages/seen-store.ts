/**
 * What `claim` found:
 * - `'claimed'`: nobody has processed or is processing this `msgId`; the caller now holds it and must
 *   end with `complete` (processed) or `release` (failed, let a redelivery try again).
 * - `'processing'`: another holder (another instance, another delivery) is on it right now.
 * - `'done'`: it was processed already.
 */
export type ClaimResult = 'claimed' | 'processing' | 'done';

/**
 * Where the message handler records which `msgId`s are being processed and which are done. A claim is
 * taken atomically, so two instances that receive the same push never both process it: pass a shared
 * store (`createRedisSeenStore` from `@daji-openapi/redis`, or your own over a database) when several
 * processes receive pushes or when restarts must not forget. Every method may be async.
 */
export interface SeenStore {
  /** Atomically takes `msgId` if it is neither done nor held by someone else. */
  claim(msgId: string): ClaimResult | Promise<ClaimResult>;
  /** Marks a claimed `msgId` as processed: later claims answer `'done'`. */
  complete(msgId: string): void | Promise<void>;
  /** Gives a claimed `msgId` back without marking it processed: the next claim answers `'claimed'`. */
  release(msgId: string): void | Promise<void>;
}

/**
 * In-memory store for one process: claims held by running deliveries, plus a bounded, least-recently-used
 * record of processed ids, so a long-running receiver never grows without limit (the oldest ids are
 * forgotten once `maxSize` is reached; a claim in progress is never forgotten).
 *
 * @example const seen = createMemorySeenStore({ maxSize: 50_000 });
 */
export function createMemorySeenStore(options: { maxSize?: number } = {}): SeenStore {
  const maxSize = options.maxSize ?? 10_000;
  if (!Number.isInteger(maxSize) || maxSize < 1) {
    throw new RangeError(
      `createMemorySeenStore: maxSize must be a positive integer, got ${String(maxSize)}.`,
    );
  }
  const processing = new Set<string>();
  // A Map iterates in insertion order; re-inserting on access makes the first key the least recent.
  const done = new Map<string, true>();
  return {
    claim(msgId) {
      if (done.has(msgId)) {
        done.delete(msgId);
        done.set(msgId, true);
        return 'done';
      }
      if (processing.has(msgId)) return 'processing';
      processing.add(msgId);
      return 'claimed';
    },
    complete(msgId) {
      processing.delete(msgId);
      done.delete(msgId);
      done.set(msgId, true);
      while (done.size > maxSize) {
        const oldest = done.keys().next().value as string;
        done.delete(oldest);
      }
    },
    release(msgId) {
      processing.delete(msgId);
    },
  };
}
