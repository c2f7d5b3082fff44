import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signMessageBody } from '@daji-openapi/client/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RedisServer, startRedisServer } from './helpers/redis-server.js';

const APP_SECRET = 'multi-instance-secret';
const MESSAGES = 2000;
const INSTANCES = 4;
const receiverScript = fileURLToPath(new URL('./processes/receiver.mjs', import.meta.url));

let server: RedisServer;
let outDir: string;

beforeAll(async () => {
  server = await startRedisServer();
  outDir = mkdtempSync(join(tmpdir(), 'daji-receivers-'));
});
afterAll(async () => {
  await server?.dispose();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/**
 * An instance that is restarted on the same port whenever it dies, like a supervisor would. A warm spare
 * (already started and connected) takes over at once, so the test spends its time on deliveries rather
 * than on Node start-ups.
 */
function supervised(port: number) {
  let stopping = false;
  let restarts = 0;
  let current: ChildProcess | undefined;
  const spawnSpare = () => {
    const proc = fork(receiverScript, [], {
      env: {
        ...process.env,
        REDIS_URL: server.url,
        APP_SECRET,
        PORT: String(port),
        OUT_DIR: outDir,
        KILL_RATE: '0.05',
        // Renewed every third of it (≈1.7 s): a live instance loses its claim only if it cannot reach
        // Redis for 5 s. With 1 s, a receiver starved of CPU on a loaded machine for a second lost the
        // claim while still handling the message, and another instance processed it again.
        PROCESSING_TTL_MS: '5000',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const ready = new Promise<ChildProcess>((resolve) => {
      proc.on('message', (m) => {
        if (m === 'ready') resolve(proc);
      });
    });
    return { proc, ready };
  };
  let spare = spawnSpare();
  const promote = async (): Promise<void> => {
    const next = await spare.ready;
    if (stopping) return;
    spare = spawnSpare();
    current = next;
    const listening = new Promise<void>((resolve) => {
      next.on('message', (m) => {
        if (m === 'listening') resolve();
      });
    });
    next.once('exit', () => {
      if (stopping) return;
      restarts++;
      void promote();
    });
    next.send('listen');
    await listening;
  };
  const first = promote();
  const kill = async (proc: ChildProcess | undefined) => {
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await gone;
  };
  return {
    url: `http://127.0.0.1:${port}/`,
    ready: () => first,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      await Promise.all([kill(current), kill(spare.proc)]);
    },
  };
}

/**
 * One push delivery on a fresh connection, as a pusher does; a pooled keep-alive socket to an instance
 * that has since died would fail every delivery that picks it. 0 when no answer came.
 */
function post(url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

describe('four receivers sharing one Redis', () => {
  // The timeout is a hang limit, not a performance bound: on a loaded 2-core machine this run has taken
  // close to 4 minutes.
  it('process every one of 2,000 doubly delivered messages, twice only where an instance died between side effect and complete', {
    timeout: 600_000,
  }, async () => {
    const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
    const instances = ports.map((port) => supervised(port));
    try {
      await Promise.all(instances.map((i) => i.ready()));
      const statuses = new Map<number, number>();
      let deliveries = 0;

      const deliver = async (n: number) => {
        const msgId = String(9_000_000_000_000 + n);
        const message = JSON.stringify({
          msgId: Number(msgId),
          type: 'ORDER_BUYER_VIEW_ORDER_PAY',
          gmtBorn: 1723167864904,
          userInfo: 'b2b-221741213935443542',
          data: { orderId: '2237938826932135493', currentStatus: 'waitsellersend' },
        });
        const body = signMessageBody({ message, appSecret: APP_SECRET });
        for (let round = 0; ; round++) {
          // Each delivery goes to two different random instances at once, as a load balancer may do
          // with a push and its redelivery.
          const first = Math.floor(Math.random() * INSTANCES);
          const second = (first + 1 + Math.floor(Math.random() * (INSTANCES - 1))) % INSTANCES;
          const answers = await Promise.all([first, second].map((i) => post(instances[i]!.url, body)));
          deliveries += 2;
          for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (answers.includes(200)) return;
          if (round > 200) throw new Error(`message ${msgId} was never accepted: ${answers}`);
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        }
      };

      // Bounded concurrency: 40 messages in flight.
      let next = 0;
      await Promise.all(
        Array.from({ length: 40 }, async () => {
          while (next < MESSAGES) await deliver(next++);
        }),
      );

      const processed = new Map<string, number>();
      const killedAfterEffect = new Map<string, number>();
      for (const file of readdirSync(outDir)) {
        const target = file.startsWith('effects-')
          ? processed
          : file.startsWith('kills-')
            ? killedAfterEffect
            : null;
        if (!target) continue;
        for (const id of readFileSync(join(outDir, file), 'utf8').split('\n').filter(Boolean)) {
          target.set(id, (target.get(id) ?? 0) + 1);
        }
      }
      const restarts = instances.reduce((sum, i) => sum + i.restarts(), 0);
      const twice = [...processed].filter(([, count]) => count > 1);
      console.log(
        `receivers: ${MESSAGES} messages, ${deliveries} deliveries, answers ${JSON.stringify(Object.fromEntries(statuses))}, ${restarts} restarts, ${killedAfterEffect.size} deaths between side effect and complete, ${twice.length} messages processed twice`,
      );

      // None lost.
      expect(processed.size).toBe(MESSAGES);
      // Each extra run is explained by a death between that message's side effect and its complete.
      for (const [id, count] of twice) {
        expect(count - 1, `message ${id}`).toBeLessThanOrEqual(killedAfterEffect.get(id) ?? 0);
      }
      // The test exercised what it claims: deaths happened, and concurrent deliveries met a held claim.
      expect(restarts).toBeGreaterThan(20);
      expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
    }
  });
});
