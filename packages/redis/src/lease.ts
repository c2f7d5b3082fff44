import { type Connection, script } from './connection.js';

/** Extends a key's expiry only while it still holds our token. */
const RENEW = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);

/** Deletes a key only while it still holds our token: a holder whose lease ran out cannot free the next one's. */
const RELEASE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

export function randomToken(): string {
  return crypto.randomUUID();
}

/**
 * A key held under a random token with an expiry, renewed in the background every third of the lease
 * while the holder works, so it outlives a slow holder and expires soon after a dead one.
 */
export interface Lease {
  /** False once the lease may have ended: renewal found another token, or could not be confirmed before expiry. */
  held(): boolean;
  /** Stops renewing and deletes the key if it is still ours. */
  release(): Promise<void>;
  /** Stops renewing without touching the key. */
  stop(): void;
}

export function holdLease(
  connection: Connection,
  key: string,
  value: string,
  leaseMs: number,
  /** When the SET that took the key was sent: the lease is counted from then, never from its answer. */
  takenAt: number,
): Lease {
  let validUntil = takenAt + leaseMs;
  let lost = false;
  let renewing = false;
  const timer = setInterval(
    async () => {
      if (renewing || lost) return;
      renewing = true;
      const sentAt = Date.now();
      try {
        const renewed = await connection.run(RENEW, [key], [value, leaseMs]);
        if (Number(renewed) === 1) validUntil = sentAt + leaseMs;
        else lost = true;
      } catch {
        // Redis unreachable: the key may still be ours until validUntil; the next tick tries again.
      } finally {
        renewing = false;
      }
      if (Date.now() >= validUntil) lost = true;
      if (lost) clearInterval(timer);
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    held: () => !lost && Date.now() < validUntil,
    stop() {
      clearInterval(timer);
    },
    async release() {
      clearInterval(timer);
      lost = true;
      await connection.run(RELEASE, [key], [value]);
    },
  };
}
