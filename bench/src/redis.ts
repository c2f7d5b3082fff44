// Figure 7: what sharing push de-duplication through Redis costs. In process, the handler with the Redis
// seen store against the in-memory store (the time Redis adds per push); then four receiver processes
// sharing one Redis against one.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemorySeenStore, createMessageHandler, signMessageBody } from '@daji-openapi/client/messages';
import { createRedisSeenStore } from '@daji-openapi/redis';
import { APP_SECRET } from './fixtures.js';
import { type Child, freePort, startChild } from './processes.js';
import type { FigureResult, Row } from './report.js';
import { interleaved, nowMs, quick, ROUNDS, summarize } from './stats.js';

const receiverScript = fileURLToPath(new URL('./redis-receiver.mjs', import.meta.url));
const PER_ROUND = quick ? 300 : 1500;
const LOAD_MS = quick ? 1500 : 4000;

let sequence = 0;
function push(): string {
  const message = JSON.stringify({
    msgId: 7_000_000_000_000 + ++sequence,
    type: 'ORDER_BUYER_VIEW_ORDER_PAY',
    gmtBorn: 1723167864904,
    userInfo: 'b2b-221741213935443542',
    data: { orderId: '2237938826932135493', currentStatus: 'waitsellersend' },
  });
  return signMessageBody({ message, appSecret: APP_SECRET });
}

async function startRedis(): Promise<{ url: string; child: Child; dir: string }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'daji-bench-redis-'));
  const child = startChild(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { cwd: dir },
  );
  await child.waitForLine(/Ready to accept connections/, 10_000);
  return { url: `redis://127.0.0.1:${port}`, child, dir };
}

function post(port: number, body: string, agent: import('node:http').Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function redisFigure(): Promise<FigureResult> {
  const started = nowMs();
  const redis = await startRedis();
  const receivers: Child[] = [];
  try {
    // In process: µs per push through the whole handler (parse, verify, claim, onMessage, complete).
    const store = await createRedisSeenStore({ url: redis.url, prefix: 'bench:' });
    const withRedis = createMessageHandler({ appSecret: APP_SECRET, seen: store, onMessage: () => {} });
    const inMemory = createMessageHandler({
      appSecret: APP_SECRET,
      seen: createMemorySeenStore({ maxSize: 100_000 }),
      onMessage: () => {},
    });
    // Pushes alternate between the two handlers one by one, so load from elsewhere on the machine lands
    // on both alike; each round gives the mean µs per push of each.
    const send = async (handle: typeof withRedis, body: string) => {
      const t0 = nowMs();
      const res = await handle(
        new Request('http://127.0.0.1/', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        }),
      );
      if (res.status !== 200) throw new Error(`figure 7: the handler answered ${res.status}`);
      return nowMs() - t0;
    };
    const round = async () => {
      let redisMs = 0;
      let memoryMs = 0;
      for (let i = 0; i < PER_ROUND; i++) {
        const [a, b] = [push(), push()];
        if (i % 2 === 0) {
          redisMs += await send(withRedis, a);
          memoryMs += await send(inMemory, b);
        } else {
          memoryMs += await send(inMemory, b);
          redisMs += await send(withRedis, a);
        }
      }
      return { redis: (redisMs * 1000) / PER_ROUND, memory: (memoryMs * 1000) / PER_ROUND };
    };
    await round(); // warm-up
    const rounds: { redis: number; memory: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) rounds.push(await round());
    const perPush = { redis: rounds.map((r) => r.redis), memory: rounds.map((r) => r.memory) };
    await store.close();

    // Four receiver processes sharing one Redis, against one, loaded with 32 pushes in flight.
    const ports = await Promise.all([0, 1, 2, 3].map(() => freePort()));
    for (const port of ports) {
      const child = startChild(process.execPath, [receiverScript], {
        cwd: join(fileURLToPath(new URL('.', import.meta.url))),
        env: { REDIS_URL: redis.url, APP_SECRET, PORT: String(port) },
      });
      receivers.push(child);
    }
    await Promise.all(receivers.map((c) => c.waitForLine(/listening/, 30_000)));
    const { Agent } = await import('node:http');
    const load = async (instances: number) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 64 });
      let done = 0;
      const t0 = nowMs();
      await Promise.all(
        Array.from({ length: 32 }, async (_, w) => {
          let i = w;
          while (nowMs() - t0 < LOAD_MS) {
            const status = await post(ports[i++ % instances]!, push(), agent);
            if (status !== 200) throw new Error(`figure 7: a receiver answered ${status}`);
            done++;
          }
        }),
      );
      agent.destroy();
      return (done * 1000) / (nowMs() - t0);
    };
    await load(4); // warm-up
    const throughput = await interleaved({ four: () => load(4), one: () => load(1) }, quick ? 2 : 3);

    const redisStat = summarize(perPush.redis);
    const memoryStat = summarize(perPush.memory);
    const rows: Row[] = [
      {
        figure: 'µs per push through the handler — Redis seen store vs in-memory store',
        unit: 'µs',
        ours: redisStat,
        baseline: memoryStat,
        note: `adds ${(redisStat.median - memoryStat.median).toFixed(0)} µs per push (claim + complete: two round trips to a local Redis)`,
      },
      {
        figure: 'pushes/s, 32 in flight — four receiver processes sharing one Redis vs one',
        unit: 'pushes/s',
        ours: summarize(throughput.four),
        baseline: summarize(throughput.one),
      },
    ];
    return {
      id: 7,
      title: 'Shared state on Redis',
      about:
        'A push through createMessageHandler with createRedisSeenStore (a local redis-server) against the in-memory store, sequentially in one process; then HTTP pushes to four receiver processes sharing that Redis against one of them. The machine has few cores, so four processes mostly share them.',
      rows,
      notes: [],
      elapsedMs: nowMs() - started,
    };
  } finally {
    await Promise.all(receivers.map((c) => c.stop()));
    await redis.child.stop();
    rmSync(redis.dir, { recursive: true, force: true });
  }
}
