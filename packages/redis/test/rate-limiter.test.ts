import type { DajiLimiterRequest as LimiterRequest } from '@daji-openapi/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisRateLimiter, type RedisRateLimiter } from '../src/index.js';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';

let server: RedisServer;
const open: RedisRateLimiter[] = [];
let buckets = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.dispose();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((limiter) => limiter.close()));
});

async function limiters(count: number, options: Partial<Parameters<typeof createRedisRateLimiter>[0]> = {}) {
  const bucket = `b${++buckets}`;
  const created = await Promise.all(
    Array.from({ length: count }, () =>
      createRedisRateLimiter({ url: server.url, requestsPerSecond: 10, bucket, ...options }),
    ),
  );
  open.push(...created);
  return created;
}

function request(overrides: Partial<LimiterRequest> = {}): LimiterRequest {
  return {
    operationId: 'keywordSearch',
    method: 'GET',
    path: '/alibaba/product/keywordQuery',
    attempt: 1,
    deadline: Date.now() + 30_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('createRedisRateLimiter', () => {
  it('spaces requests from several instances on one shared schedule', async () => {
    const [a, b] = await limiters(2, { requestsPerSecond: 20 });
    const started = Date.now();
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        await (i % 2 ? a! : b!).acquire(request());
        granted.push(Date.now() - started);
      }),
    );
    granted.sort((x, y) => x - y);
    // 16 requests at 20/s with burst 1 share one schedule computed on Redis' clock: the first slot is at
    // or after `started` and each next one 50 ms after the previous, so the k-th grant (0-based) can come
    // no earlier than k * 50 ms after `started`. A loaded machine can only make grants late (and so
    // bunch them up), never early, hence this bound and not the gaps between grants. The 2 ms allow for
    // Date.now()'s whole milliseconds and Node firing a timer up to 1 ms early.
    const early = granted.map((at, k) => ({ k, at, slot: k * 50 })).filter(({ at, slot }) => at < slot - 2);
    expect(early).toEqual([]);
  });

  it('lets `burst` requests leave at once after a quiet spell', async () => {
    const [a] = await limiters(1, { requestsPerSecond: 2, burst: 4 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => a!.acquire(request())));
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('rejects at once with a TimeoutError when no slot comes before the deadline, reserving nothing', async () => {
    const [a] = await limiters(1, { requestsPerSecond: 1 });
    await a!.acquire(request());
    const started = Date.now();
    await expect(a!.acquire(request({ deadline: Date.now() + 200 }))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeLessThan(150);
    // Nothing was reserved: the next caller waits only for the first slot, about one second.
    const next = Date.now();
    await a!.acquire(request());
    expect(Date.now() - next).toBeLessThan(1100);
  });

  it('stops waiting when the signal aborts, rejecting with its reason', async () => {
    const [a] = await limiters(1, { requestsPerSecond: 1 });
    await a!.acquire(request());
    const controller = new AbortController();
    const waiting = a!.acquire(request({ signal: controller.signal }));
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 50);
    await expect(waiting).rejects.toBe(reason);
  });

  it('pauses every instance after a 429 until its Retry-After', async () => {
    const [a, b] = await limiters(2, { requestsPerSecond: 50 });
    await a!.acquire(request());
    a!.throttled({ operationId: 'keywordSearch', status: 429, retryAfterMs: 600 });
    await new Promise((r) => setTimeout(r, 50)); // the pause reaches Redis
    const started = Date.now();
    await b!.acquire(request());
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('falls back to limiting each instance alone when Redis is unreachable, logging once, and back', async () => {
    const restartable = await startRedisServer();
    try {
      const warn = vi.fn();
      const limiter = await createRedisRateLimiter({
        url: restartable.url,
        requestsPerSecond: 50,
        commandTimeoutMs: 300,
        logger: { warn },
      });
      open.push(limiter);
      await limiter.acquire(request());
      await restartable.stop({ crash: true });
      const started = Date.now();
      for (let i = 0; i < 10; i++) await limiter.acquire(request());
      // Still limited (50/s in process: 10 requests take about 180 ms), never blocked.
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toMatch(
        /createRedisRateLimiter: Redis is unreachable .*each instance now limits itself to 50 requests\/s/,
      );
      await restartable.start();
      await vi.waitFor(
        async () => {
          await limiter.acquire(request());
          expect(warn).toHaveBeenCalledTimes(2);
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(warn.mock.calls[1]?.[0]).toMatch(
        /Redis is reachable again; the shared limit of 50 requests\/s applies/,
      );
    } finally {
      await restartable.dispose();
    }
  });

  it('rejects bad options naming them', async () => {
    await expect(createRedisRateLimiter({ url: server.url, requestsPerSecond: 0 })).rejects.toThrow(
      /createRedisRateLimiter: options\.requestsPerSecond must be a number above 0, got number 0/,
    );
    await expect(
      createRedisRateLimiter({ url: server.url, requestsPerSecond: 5, burst: 0.5 }),
    ).rejects.toThrow(/options\.burst must be a whole number ≥ 1/);
  });
});
