import { createServer, type Server } from 'node:http';
import { createDajiClient, DajiTimeoutError } from '@daji-openapi/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimiter, type RedisRateLimiter } from '../src/index.js';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';

// The Redis limiter plugged into the real client: the client asks it before every attempt and tells it
// about every 429, and the limiter's wait counts against the call's deadline.
let redis: RedisServer;
let server: Server;
let baseUrl: string;
const arrivals: number[] = [];
let throttleNext = 0;
const open: RedisRateLimiter[] = [];

const envelope = JSON.stringify({ code: 200, message: 'ok', data: { result: { result: [] } }, traceId: 't' });

beforeAll(async () => {
  redis = await startRedisServer();
  server = createServer((req, res) => {
    req.resume();
    arrivals.push(Date.now());
    if (throttleNext > 0) {
      throttleNext--;
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"code":429,"message":"too many requests"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(envelope);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await redis?.dispose();
});

async function clients(count: number, options: Partial<Parameters<typeof createRedisRateLimiter>[0]> = {}) {
  const bucket = `client-${Math.random()}`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const limiter = await createRedisRateLimiter({
        url: redis.url,
        requestsPerSecond: 50,
        bucket,
        ...options,
      });
      open.push(limiter);
      return createDajiClient({ appKey: 'k', appSecret: 's', baseUrl, limiter, timeoutMs: 5000 });
    }),
  );
}

const search = {
  params: { query: { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } },
} as never;

describe('createRedisRateLimiter as the client limiter', () => {
  it('a 429 one instance receives pauses the other instance until its Retry-After', async () => {
    const [a, b] = await clients(2);
    throttleNext = 1;
    arrivals.length = 0;
    const first = a!.GET('/alibaba/product/keywordQuery', search);
    while (arrivals.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100)); // the 429 has reached the client and Redis
    const askedAt = Date.now();
    const second = await b!.GET('/alibaba/product/keywordQuery', search);
    expect(second.error).toBeUndefined();
    const sentAt = arrivals.find((t) => t >= askedAt)!;
    expect(sentAt - askedAt).toBeGreaterThanOrEqual(700);
    expect((await first).error).toBeUndefined(); // a's retry went through after the pause
  });

  it('a call that cannot get a slot before its deadline fails as a timeout without being sent', async () => {
    const [a] = await clients(1, { requestsPerSecond: 0.5 });
    await a!.GET('/alibaba/product/keywordQuery', search); // takes the only slot for 2 s
    arrivals.length = 0;
    const started = Date.now();
    await expect(
      a!.GET('/alibaba/product/keywordQuery', { ...(search as object), timeoutMs: 300 } as never),
    ).rejects.toBeInstanceOf(DajiTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(arrivals).toHaveLength(0);
  });
});
