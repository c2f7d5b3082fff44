/**
 * Where the message handler remembers which `msgId`s it has already processed. Pass your own
 * (Redis, a database table) when several processes receive pushes or when restarts must not forget.
 * Both methods may be async.
 */
export interface SeenStore {
  has(msgId: string): boolean | Promise<boolean>;
  add(msgId: string): void | Promise<void>;
}

/**
 * In-memory, bounded, least-recently-used store: the oldest ids are forgotten once `maxSize` is
 * reached, so a long-running receiver never grows without limit.
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
  // A Map iterates in insertion order; re-inserting on access makes the first key the least recent.
  const ids = new Map<string, true>();
  return {
    has(msgId) {
      if (!ids.has(msgId)) return false;
      ids.delete(msgId);
      ids.set(msgId, true);
      return true;
    },
    add(msgId) {
      ids.delete(msgId);
      ids.set(msgId, true);
      while (ids.size > maxSize) {
        const oldest = ids.keys().next().value as string;
        ids.delete(oldest);
      }
    },
  };
}
