import type { ClaimResult, SeenStore } from '@daji-openapi/client/messages';
import { checkMs, openConnection, type RedisConnectionOptions, script } from './connection.js';
import { holdLease, type Lease, randomToken } from './lease.js';

export interface RedisSeenStoreOptions extends RedisConnectionOptions {
  /**
   * How long a claim outlives an instance that died while processing the message; renewed while the
   * instance is alive. A redelivery after that is processed again. Default 60 000 (60 s).
   */
  processingTtlMs?: number;
  /** How long a processed `msgId` is remembered. Default 7 days. */
  doneTtlMs?: number;
}

/** A SeenStore shared by every instance, plus `close()` for the connection it opened. */
export interface RedisSeenStore extends SeenStore {
  claim(msgId: string): Promise<ClaimResult>;
  complete(msgId: string): Promise<void>;
  release(msgId: string): Promise<void>;
  /** Disconnects when the store opened its own connection (`url`); a `client` you passed stays open. */
  close(): Promise<void>;
}

const DONE = 'd';

// One key per msgId: absent (never seen), `p:<token>` (claimed, expires after processingTtlMs) or `d`.
const CLAIM = script(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 'claimed'
end
if v == '${DONE}' then return 'done' end
return 'processing'
`);

const COMPLETE = script(`
redis.call('SET', KEYS[1], '${DONE}', 'PX', ARGV[1])
return 1
`);

/**
 * Push de-duplication across instances: `claim` is one atomic step in Redis, so of two instances that
 * receive the same push, one processes it and the other answers 503 until it is done.
 *
 * @example
 * const seen = await createRedisSeenStore({ url: process.env.REDIS_URL });
 * const handle = createMessageHandler({ appSecret, onMessage, seen });
 */
export async function createRedisSeenStore(options: RedisSeenStoreOptions): Promise<RedisSeenStore> {
  const factory = 'createRedisSeenStore';
  const processingTtlMs = options?.processingTtlMs ?? 60_000;
  const doneTtlMs = options?.doneTtlMs ?? 7 * 24 * 60 * 60 * 1000;
  checkMs(factory, 'processingTtlMs', processingTtlMs, { min: 100 });
  checkMs(factory, 'doneTtlMs', doneTtlMs);
  const connection = await openConnection(factory, options);
  const key = (msgId: string) => `${connection.prefix}msg:${msgId}`;
  // The claims this instance holds, each under its own token, so release only ever frees our own.
  const held = new Map<string, { value: string; lease: Lease }>();

  return {
    async claim(msgId) {
      const value = `p:${randomToken()}`;
      const takenAt = Date.now();
      const answer = String(await connection.run(CLAIM, [key(msgId)], [value, processingTtlMs]));
      if (answer === 'claimed') {
        held.get(msgId)?.lease.stop();
        held.set(msgId, { value, lease: holdLease(connection, key(msgId), value, processingTtlMs, takenAt) });
      }
      return answer as ClaimResult;
    },
    async complete(msgId) {
      const claim = held.get(msgId);
      held.delete(msgId);
      claim?.lease.stop();
      // Set even when the claim expired and someone else took it: the message was processed here.
      await connection.run(COMPLETE, [key(msgId)], [doneTtlMs]);
    },
    async release(msgId) {
      const claim = held.get(msgId);
      if (!claim) return;
      held.delete(msgId);
      await claim.lease.release();
    },
    async close() {
      for (const { lease } of held.values()) lease.stop();
      held.clear();
      await connection.close();
    },
  };
}
