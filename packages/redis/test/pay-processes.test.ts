import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDajiClient } from '@daji-openapi/client';
import { type MockServer, startMockServer } from '@daji-openapi/mock-server';
import type { PayOutcome } from '@daji-openapi/retry-policies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';

const payerScript = fileURLToPath(new URL('./processes/payer.mjs', import.meta.url));
const app = { appKey: 'demoKey123', appSecret: 'demoSecret456' };
let redis: RedisServer;
let sandbox: MockServer;
let client: ReturnType<typeof createDajiClient>;

beforeAll(async () => {
  [redis, sandbox] = await Promise.all([startRedisServer(), startMockServer({ port: 0, mode: 'sandbox' })]);
  client = createDajiClient({ ...app, baseUrl: sandbox.url });
});
afterAll(async () => {
  await Promise.all([redis?.dispose(), sandbox?.close()]);
});

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}?appKey=${app.appKey}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** A new sandbox order whose preparePay answers only after `payMs`, so the holder is mid-payment a while. */
async function slowOrder(payMs: number): Promise<string> {
  const { data, error } = await client.POST('/alibaba/trade/createCrossOrder', {
    body: {
      flow: 'general',
      thirdOrderId: `redis-lock-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
      addressParam: {
        fullName: '张三',
        mobile: '13800000000',
        phone: '',
        postCode: '310000',
        provinceText: '浙江省',
        cityText: '杭州市',
        areaText: '西湖区',
        townText: '',
        address: '文三路 100 号 集运仓',
        districtCode: '330106',
      },
      cargoParamList: [{ offerId: 670291644950, specId: 'b6f1d2c3a4e5f60718293a4b5c6d7e8f', quantity: 2 }],
    },
  });
  if (error) throw error;
  const body = data as unknown as { data?: { orderId?: string; result?: { orderId?: string } } };
  const orderId = body.data?.result?.orderId ?? body.data?.orderId;
  if (!orderId) throw new Error(`the sandbox created no order: ${JSON.stringify(data)}`);
  await control('POST', 'faults', {
    operation: 'preparePay',
    kind: 'latency',
    orderId,
    ms: payMs,
    times: 20,
  });
  return orderId;
}

async function debitsOf(orderId: string): Promise<unknown[]> {
  const { debits } = (await control('GET', 'ledger')) as { debits: { orderId: string }[] };
  return debits.filter((d) => d.orderId === orderId);
}

/** Starts `count` payer processes, waits until all are connected to Redis, then lets them go at once. */
async function racePayers(
  count: number,
  env: { ORDER_ID: string; WAIT_MS: string; LEASE_MS: string },
  whilePaying?: () => Promise<void>,
): Promise<PayOutcome[]> {
  const children: ChildProcess[] = [];
  try {
    const ready = Array.from({ length: count }, () => {
      const child = fork(payerScript, [], {
        env: {
          ...process.env,
          REDIS_URL: redis.url,
          BASE_URL: sandbox.url,
          APP_KEY: app.appKey,
          APP_SECRET: app.appSecret,
          ...env,
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      return new Promise<ChildProcess>((resolve, reject) => {
        child.once('message', () => resolve(child));
        child.once('exit', (code) => reject(new Error(`payer exited with ${code} before it was ready`)));
      });
    });
    const started = await Promise.all(ready);
    const outcomes = started.map(
      (child) => new Promise<PayOutcome>((resolve) => child.once('message', (m) => resolve(m as PayOutcome))),
    );
    for (const child of started) child.send('go');
    await whilePaying?.();
    return await Promise.all(outcomes);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

describe('eight processes paying one sandbox order under the Redis pay lock', () => {
  it('debit exactly once: one process pays, the others find the order in progress', {
    timeout: 120_000,
  }, async () => {
    const orderId = await slowOrder(1500);
    const outcomes = await racePayers(8, { ORDER_ID: orderId, WAIT_MS: '0', LEASE_MS: '5000' });
    expect(await debitsOf(orderId)).toHaveLength(1);
    const reasons = outcomes.map((o) => o.reason);
    expect(reasons.filter((r) => r === 'pay-succeeded')).toHaveLength(1);
    // The others found the order locked (no call at all), or — started after the holder finished —
    // found it paid.
    for (const outcome of outcomes) {
      expect(['pay-succeeded', 'order-paid', 'in-progress']).toContain(outcome.reason);
      if (outcome.reason === 'in-progress') expect(outcome.attempts + outcome.orderChecks).toBe(0);
    }
    expect(reasons.filter((r) => r === 'in-progress').length).toBeGreaterThan(0);
  });

  it('with Redis stopped while the holder pays, debit at most once, and every outcome says why', {
    timeout: 120_000,
  }, async () => {
    const orderId = await slowOrder(1500);
    try {
      const outcomes = await racePayers(
        8,
        { ORDER_ID: orderId, WAIT_MS: '4000', LEASE_MS: '3000' },
        async () => {
          // The holder is inside its 1.5 s preparePay; the others are waiting for the lock.
          await new Promise((resolve) => setTimeout(resolve, 500));
          await redis.stop({ crash: true });
        },
      );
      expect((await debitsOf(orderId)).length).toBeLessThanOrEqual(1);
      for (const outcome of outcomes) {
        expect(['paid', 'unknown'], JSON.stringify(outcome)).toContain(outcome.status);
        if (outcome.status === 'unknown') {
          expect(['lock-unavailable', 'lock-lost', 'in-progress']).toContain(outcome.reason);
        }
        if (outcome.reason === 'lock-unavailable') {
          expect(outcome.attempts).toBe(0);
          expect(outcome.lastError).toMatchObject({ during: 'lock', reason: 'lock-unavailable' });
          expect(outcome.lastError?.message).toMatch(
            /the pay lock could not be reached, so nothing was paid/,
          );
        }
      }
      // The waiting workers were still asking for the lock when Redis stopped: they failed closed.
      expect(outcomes.filter((o) => o.reason === 'lock-unavailable').length).toBeGreaterThan(0);
    } finally {
      await redis.start();
    }
  });
});
