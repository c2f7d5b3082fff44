import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisPayLock, type RedisPayLock, RedisUnavailableError } from '../src/index.js';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';

const orderId = '2257164624870311973';
let server: RedisServer;
let admin: Redis;
const open: RedisPayLock[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});
afterAll(async () => {
  admin?.disconnect();
  await server?.dispose();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((lock) => lock.close()));
  await admin.flushall();
});

async function lock(options: Partial<Parameters<typeof createRedisPayLock>[0]> = {}) {
  const created = await createRedisPayLock({ url: server.url, ...options });
  open.push(created);
  return created;
}

describe('createRedisPayLock', () => {
  it('gives an order to exactly one of many concurrent holders across instances', async () => {
    const locks = await Promise.all(Array.from({ length: 4 }, () => lock()));
    const leases = await Promise.all(Array.from({ length: 24 }, (_, i) => locks[i % 4]!.acquire(orderId)));
    expect(leases.filter((l) => l !== null)).toHaveLength(1);
    // Different orders do not block each other.
    expect(await locks[0]!.acquire('2257164624870311974')).not.toBeNull();
  });

  it('hands the order to the next holder once released', async () => {
    const [a, b] = [await lock(), await lock()];
    const lease = (await a.acquire(orderId))!;
    expect(await b.acquire(orderId)).toBeNull();
    await lease.release();
    expect(lease.held()).toBe(false);
    expect(await b.acquire(orderId)).not.toBeNull();
  });

  it('stores a random token under the prefix with the lease as expiry', async () => {
    const a = await lock({ prefix: 'shop1:', leaseMs: 20_000 });
    const first = (await a.acquire(orderId))!;
    const token1 = await admin.get(`shop1:pay-lock:${orderId}`);
    const ttl = await admin.pttl(`shop1:pay-lock:${orderId}`);
    expect(ttl).toBeGreaterThan(15_000);
    await first.release();
    await a.acquire(orderId);
    const token2 = await admin.get(`shop1:pay-lock:${orderId}`);
    expect(token1).toMatch(/^[0-9a-f-]{36}$/);
    expect(token2).not.toBe(token1);
  });

  it('lets the next holder in once a dead holder’s lease expires', async () => {
    const b = await lock({ leaseMs: 300 });
    await admin.set(`daji:pay-lock:${orderId}`, 'a-dead-holder', 'PX', 300);
    expect(await b.acquire(orderId)).toBeNull();
    await vi.waitFor(async () => expect(await b.acquire(orderId)).not.toBeNull(), {
      timeout: 3000,
      interval: 50,
    });
  });

  it('renews the lease while held, well past leaseMs', async () => {
    const [a, b] = [await lock({ leaseMs: 300 }), await lock({ leaseMs: 300 })];
    const lease = (await a.acquire(orderId))!;
    await new Promise((r) => setTimeout(r, 1000));
    expect(lease.held()).toBe(true);
    expect(await b.acquire(orderId)).toBeNull();
  });

  it('a holder whose lease expired cannot release the next holder’s lock (token-safe release)', async () => {
    const [a, b] = [await lock({ leaseMs: 5000 }), await lock({ leaseMs: 5000 })];
    const stale = (await a.acquire(orderId))!;
    // a's key disappears as if its lease had run out while it stalled; b takes the order.
    await admin.del(`daji:pay-lock:${orderId}`);
    const current = (await b.acquire(orderId))!;
    await stale.release();
    expect(await a.acquire(orderId)).toBeNull();
    expect(current.held()).toBe(true);
  });

  it('notices at the next renewal that another holder took the order', async () => {
    const a = await lock({ leaseMs: 300 });
    const lease = (await a.acquire(orderId))!;
    await admin.set(`daji:pay-lock:${orderId}`, 'someone-else');
    await vi.waitFor(() => expect(lease.held()).toBe(false), { timeout: 2000, interval: 20 });
  });

  it('rejects acquire with RedisUnavailableError when Redis is down, and the held lease ends within the lease', async () => {
    const restartable = await startRedisServer();
    try {
      const a = await createRedisPayLock({ url: restartable.url, leaseMs: 600, commandTimeoutMs: 300 });
      open.push(a);
      const lease = (await a.acquire(orderId))!;
      await restartable.stop({ crash: true });
      await expect(a.acquire('2257164624870311974')).rejects.toBeInstanceOf(RedisUnavailableError);
      expect(lease.held()).toBe(true); // still within its lease: nobody else can have it yet
      await vi.waitFor(() => expect(lease.held()).toBe(false), { timeout: 3000, interval: 20 });
      // After a restart the server is empty; the old lease must not believe it is still held.
      await restartable.start();
      const again = await vi.waitFor(async () => (await a.acquire(orderId))!, {
        timeout: 10_000,
        interval: 100,
      });
      expect(again.held()).toBe(true);
    } finally {
      await restartable.dispose();
    }
  });

  it('rejects bad options naming them', async () => {
    await expect(createRedisPayLock({ url: server.url, leaseMs: 10 })).rejects.toThrow(
      /createRedisPayLock: options\.leaseMs must be a whole number of milliseconds from 100/,
    );
    await expect(createRedisPayLock({ url: 'redis//oops' })).rejects.toThrow(
      /createRedisPayLock: options\.url must be/,
    );
  });
});
