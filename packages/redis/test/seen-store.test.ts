import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisSeenStore, type RedisSeenStore, RedisUnavailableError } from '../src/index.js';
import { freePort, type RedisServer, startRedisServer } from './helpers/redis-server.js';

let server: RedisServer;
const open: RedisSeenStore[] = [];
let prefixCount = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.dispose();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((store) => store.close()));
});

/** Each test writes under its own prefix, so tests never see each other's keys. */
async function store(options: Parameters<typeof createRedisSeenStore>[0] = { url: server.url }) {
  const created = await createRedisSeenStore({ prefix: `t${++prefixCount}:`, ...options });
  open.push(created);
  return created;
}

describe('createRedisSeenStore: claims', () => {
  it('gives a msgId to exactly one of many concurrent claims across instances', async () => {
    const prefix = 'race:';
    const instances = await Promise.all(Array.from({ length: 4 }, () => store({ url: server.url, prefix })));
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => instances[i % 4]!.claim('92705609220')),
    );
    expect(answers.filter((a) => a === 'claimed')).toHaveLength(1);
    expect(answers.filter((a) => a === 'processing')).toHaveLength(39);
  });

  it('answers done after complete, on every instance', async () => {
    const a = await store({ url: server.url, prefix: 'done:' });
    const b = await store({ url: server.url, prefix: 'done:' });
    expect(await a.claim('1')).toBe('claimed');
    await a.complete('1');
    expect(await b.claim('1')).toBe('done');
    expect(await a.claim('1')).toBe('done');
  });

  it('hands a released msgId to the next claim', async () => {
    const a = await store({ url: server.url, prefix: 'rel:' });
    const b = await store({ url: server.url, prefix: 'rel:' });
    expect(await a.claim('1')).toBe('claimed');
    await a.release('1');
    expect(await b.claim('1')).toBe('claimed');
  });

  it('writes keys under the prefix with the done TTL', async () => {
    const a = await store({ url: server.url, prefix: 'ttl:', doneTtlMs: 50_000 });
    await a.claim('7');
    await a.complete('7');
    const redis = new Redis(server.url);
    try {
      const ttl = await redis.pttl('ttl:msg:7');
      expect(ttl).toBeGreaterThan(40_000);
      expect(ttl).toBeLessThanOrEqual(50_000);
      expect(await redis.get('ttl:msg:7')).toBe('d');
    } finally {
      redis.disconnect();
    }
  });

  it('forgets a done msgId after doneTtlMs', async () => {
    const a = await store({ url: server.url, prefix: 'forget:', doneTtlMs: 150 });
    await a.claim('1');
    await a.complete('1');
    expect(await a.claim('1')).toBe('done');
    await vi.waitFor(async () => expect(await a.claim('1')).toBe('claimed'), { timeout: 3000, interval: 50 });
  });
});

describe('createRedisSeenStore: the processing lease', () => {
  it('lets another instance claim once the holder died and its lease expired', async () => {
    const prefix = 'lease:';
    const redis = new Redis(server.url);
    try {
      // A holder that died: its claim is in Redis with nobody renewing it.
      await redis.set(`${prefix}msg:1`, 'p:dead-instance', 'PX', 300);
      const b = await store({ url: server.url, prefix, processingTtlMs: 300 });
      expect(await b.claim('1')).toBe('processing');
      await vi.waitFor(async () => expect(await b.claim('1')).toBe('claimed'), {
        timeout: 3000,
        interval: 50,
      });
    } finally {
      redis.disconnect();
    }
  });

  it('keeps renewing the lease of a live holder well past processingTtlMs', async () => {
    const a = await store({ url: server.url, prefix: 'renew:', processingTtlMs: 300 });
    const b = await store({ url: server.url, prefix: 'renew:', processingTtlMs: 300 });
    expect(await a.claim('1')).toBe('claimed');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await b.claim('1')).toBe('processing');
    await a.complete('1');
    expect(await b.claim('1')).toBe('done');
  });

  it('cannot release a claim that expired and was taken by another instance (token-safe release)', async () => {
    const prefix = 'token:';
    const a = await store({ url: server.url, prefix, processingTtlMs: 200 });
    const b = await store({ url: server.url, prefix, processingTtlMs: 60_000 });
    const redis = new Redis(server.url);
    try {
      expect(await a.claim('1')).toBe('claimed');
      // Instance a stalls (its renewals lost): its key is removed as if its lease had run out.
      await redis.del(`${prefix}msg:1`);
      expect(await b.claim('1')).toBe('claimed');
      await a.release('1'); // a's late release must leave b's claim alone
      expect(await a.claim('1')).toBe('processing');
      expect(await redis.get(`${prefix}msg:1`)).toMatch(/^p:/);
    } finally {
      redis.disconnect();
    }
  });
});

describe('createRedisSeenStore: Redis unreachable', () => {
  it('fails fast with RedisUnavailableError when Redis stops, and works again after a restart', async () => {
    const restartable = await startRedisServer();
    try {
      const a = await createRedisSeenStore({ url: restartable.url, commandTimeoutMs: 500 });
      open.push(a);
      expect(await a.claim('1')).toBe('claimed');
      await restartable.stop({ crash: true });
      const started = Date.now();
      await expect(a.claim('2')).rejects.toBeInstanceOf(RedisUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
      await restartable.start();
      // The restarted server is empty: nothing done was persisted with --save ''.
      await vi.waitFor(async () => expect(await a.claim('2')).toBe('claimed'), {
        timeout: 10_000,
        interval: 100,
      });
    } finally {
      await restartable.dispose();
    }
  });

  it('rejects a claim whose connection is lost while it waits for the answer', async () => {
    const restartable = await startRedisServer();
    try {
      const a = await createRedisSeenStore({ url: restartable.url, commandTimeoutMs: 1000 });
      open.push(a);
      const admin = new Redis(restartable.url);
      // Make the server stall so the claim is in flight when the server dies.
      void admin.call('DEBUG', 'SLEEP', '0.5').catch(() => {});
      await new Promise((r) => setTimeout(r, 50));
      // Settled into a value at once: the claim may fail before the crashed server is reaped, and a
      // rejection nobody is listening to yet would be reported as unhandled.
      const claim = a.claim('1').then(
        (answer) => answer,
        (error: unknown) => error,
      );
      await restartable.stop({ crash: true });
      expect(await claim).toBeInstanceOf(RedisUnavailableError);
      admin.disconnect();
    } finally {
      await restartable.dispose();
    }
  });

  it('refuses to start against a server that is not there, naming options.url, within the timeout', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(
      createRedisSeenStore({ url: `redis://user:hunter2@127.0.0.1:${port}`, commandTimeoutMs: 500 }),
    ).rejects.toThrow(
      /createRedisSeenStore: Redis at options\.url \(redis:\/\/user:\*\*\*@127\.0\.0\.1:\d+\) did not answer within 500 ms/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('rejects bad options with errors naming the option', async () => {
    await expect(createRedisSeenStore({ url: 'http://127.0.0.1:6379' })).rejects.toThrow(
      /options\.url must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    await expect(createRedisSeenStore({} as never)).rejects.toThrow(
      /exactly one of options\.url .* or options\.client/,
    );
    await expect(createRedisSeenStore({ client: {} as never })).rejects.toThrow(
      /options\.client must be an ioredis client/,
    );
    await expect(createRedisSeenStore({ url: server.url, processingTtlMs: 0 })).rejects.toThrow(
      /options\.processingTtlMs must be a whole number of milliseconds from 100/,
    );
  });
});

describe('createRedisSeenStore: with your own client', () => {
  it('uses the ioredis client you pass and leaves it open on close', async () => {
    const client = new Redis(server.url);
    try {
      const a = await createRedisSeenStore({ client, prefix: 'own:' });
      expect(await a.claim('1')).toBe('claimed');
      await a.close();
      expect(await client.get('own:msg:1')).toMatch(/^p:/);
    } finally {
      client.disconnect();
    }
  });
});
