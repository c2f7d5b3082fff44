// Every command against the stateful sandbox: orders it remembers, a ledger of debits, faults that lose
// a debit's answer, and pushes it delivers to the receiver `daji listen` registered.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@daji-openapi/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_KEY,
  APP_SECRET,
  baseEnv,
  credentials,
  daji,
  expectNoSecret,
  startDaji,
  waitFor,
} from './support/daji.js';

let sandbox: MockServer;
let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), 'daji-sandbox-'));
// Registered before the sandbox's own afterAll, so it runs after the sandbox has closed.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const orderFile = join(dir, 'order.json');

beforeAll(async () => {
  sandbox = await startMockServer({
    port: 0,
    mode: 'sandbox',
    verifySignature: { appKey: APP_KEY, appSecret: APP_SECRET },
    sandbox: { push: { firstRetryMs: 100 } },
  });
  env = baseEnv(credentials(sandbox.url));
  // The spec's example product, which the sandbox's seeded catalogue sells.
  writeFileSync(
    orderFile,
    JSON.stringify({
      flow: 'general',
      addressParam: {
        fullName: '张三',
        mobile: '13800000000',
        postCode: '310000',
        provinceText: '浙江省',
        cityText: '杭州市',
        areaText: '西湖区',
        address: '文三路 100 号 集运仓',
        districtCode: '330106',
      },
      cargoParamList: [{ offerId: 670291644950, specId: 'b6f1d2c3a4e5f60718293a4b5c6d7e8f', quantity: 2 }],
    }),
  );
});
afterAll(() => sandbox?.close());

const running: Array<ReturnType<typeof startDaji>> = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      await child.exited;
    }
  }
});

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}?appKey=${APP_KEY}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

/** Creates an order through `daji call createOrder` and returns its id. */
let orders = 0;
async function createOrder(): Promise<string> {
  orders += 1;
  const run = await daji(
    ['call', 'createOrder', '--body', orderFile, `thirdOrderId=cli-test-${orders}`],
    env,
  );
  expect(run.code).toBe(0);
  const data = JSON.parse(run.stdout) as { result?: { orderId?: string }; orderId?: string };
  const orderId = data.result?.orderId ?? data.orderId;
  expect(orderId).toMatch(/^\d{19}$/);
  return orderId!;
}

async function debitsOf(orderId: string): Promise<unknown[]> {
  const { debits } = await control<{ debits: Array<{ orderId: string }> }>('GET', 'ledger');
  return debits.filter((d) => d.orderId === orderId);
}

describe('daji against the sandbox', () => {
  it('doctor succeeds and says the server is the sandbox', async () => {
    const run = await daji(['doctor'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ server       the daji-mock sandbox');
    expectNoSecret(run);
  });

  it('call creates an order the sandbox remembers, with its 19-digit id exact', async () => {
    const orderId = await createOrder();
    const detail = await daji(['call', 'getOrderDetail', `orderId=${orderId}`, '--compact'], env);
    expect(detail.code).toBe(0);
    expect(detail.stdout).toContain(`"${orderId}"`);
    expect(detail.stdout).toContain('"waitbuyerpay"');
  });

  it('pay moves the money once and exits 0', async () => {
    const orderId = await createOrder();
    const run = await daji(['pay', orderId], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^attempt 1: preparePay → paid/);
    expect(await debitsOf(orderId)).toHaveLength(1);
  });

  it('pay checks the order when the debit’s answer is lost, finds it paid, and does not pay again', async () => {
    const orderId = await createOrder();
    await control('POST', 'faults', { operation: 'preparePay', kind: 'debit-then-error', orderId });
    const run = await daji(['pay', orderId], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^attempt 1: preparePay → \S+; order check, then retry in \d+ ms/);
    expect(lines[1]).toMatch(/^check 1: getOrderDetail → order status waitsellersend/);
    expect(lines.at(-1)).toMatch(/^outcome: paid \(order-paid\)/);
    expect(await debitsOf(orderId)).toHaveLength(1);
  });

  it('pay exits 1 when password-free payment is not enabled (terminal, nothing debited)', async () => {
    const orderId = await createOrder();
    await control('POST', 'faults', { operation: 'preparePay', kind: 'not-enabled', orderId });
    const run = await daji(['pay', orderId], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/code PROTOCOL_PAY_NOT_OPEN/);
    expect(run.stdout).toMatch(/outcome: failed \(terminal-error\)/);
    expect(await debitsOf(orderId)).toHaveLength(0);
  });

  it('listen registers itself as the push target and prints the pay message of an order paid with daji pay', async () => {
    const child = startDaji(['listen', '--port', '0', '--json'], env);
    child.stdin!.end();
    running.push(child);
    await waitFor(
      () => child.output.stderr.includes('registered with the sandbox'),
      30_000,
      'the registration',
    );
    const orderId = await createOrder();
    expect((await daji(['pay', orderId], env)).code).toBe(0);
    await waitFor(
      () =>
        child.output.stdout.includes('ORDER_BUYER_VIEW_ORDER_PAY') && child.output.stdout.includes(orderId),
      30_000,
      'the pay message',
    );
    const messages = child.output.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { type: string; orderId: string; message: { data: { currentStatus?: string } } },
      );
    const paid = messages.find((m) => m.type === 'ORDER_BUYER_VIEW_ORDER_PAY' && m.orderId === orderId);
    expect(paid?.message.data.currentStatus).toBe('waitsellersend');
    expectNoSecret(child.output);
  });

  it('export writes each product of the catalogue once', async () => {
    const file = join(dir, 'catalogue.jsonl');
    const run = await daji(
      ['export', 'keyword', '连衣裙', '--all', '--page-size', '3', '--details', '-o', file],
      env,
    );
    expect(run.code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { product: { offerId: unknown }; detail: { offerId: unknown } });
    expect(lines.length).toBeGreaterThan(3);
    expect(new Set(lines.map((l) => String(l.product.offerId))).size).toBe(lines.length);
    for (const line of lines) expect(String(line.detail.offerId)).toBe(String(line.product.offerId));
  });
});
