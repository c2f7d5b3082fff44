import { type ChildProcess, fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';

const limitedScript = fileURLToPath(new URL('./processes/limited.mjs', import.meta.url));
const RATE = 20;
const SECONDS = 10;
let redis: RedisServer;
let server: Server;
let target: string;
const arrivals: number[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  server = createServer((req, res) => {
    req.resume();
    arrivals.push(Date.now());
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"code":200,"message":"ok","data":{"result":{"result":[]}},"traceId":"t"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await redis?.dispose();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('four processes sharing one Redis rate limit', () => {
  it(`keep together to ${RATE} requests/s for ${SECONDS} s, within ±10 % as the server sees it`, {
    timeout: 90_000,
  }, async () => {
    const children: ChildProcess[] = [];
    try {
      const ready = Array.from({ length: 4 }, () => {
        const child = fork(limitedScript, [], {
          env: {
            ...process.env,
            REDIS_URL: redis.url,
            BASE_URL: target,
            RATE: String(RATE),
            CONCURRENCY: '4',
          },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        children.push(child);
        return new Promise<ChildProcess>((resolve) => child.once('message', () => resolve(child)));
      });
      const started = await Promise.all(ready);
      const sent = started.map(
        (child) => new Promise<number>((resolve) => child.once('message', (n) => resolve(n as number))),
      );
      const from = Date.now() + 200;
      const until = from + SECONDS * 1000;
      for (const child of started) child.send({ until });
      const perProcess = await Promise.all(sent);

      const inWindow = arrivals.filter((t) => t >= from && t < until).length;
      const rate = inWindow / SECONDS;
      console.log(
        `shared limit: ${inWindow} requests in ${SECONDS} s = ${rate.toFixed(1)}/s; per process ${perProcess.join(', ')}`,
      );
      expect(rate).toBeGreaterThanOrEqual(RATE * 0.9);
      expect(rate).toBeLessThanOrEqual(RATE * 1.1);
      // Every process got a share: the limit is shared, not taken by one.
      for (const n of perProcess) expect(n).toBeGreaterThan(RATE * SECONDS * 0.1);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
