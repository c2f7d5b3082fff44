// The control API: JSON in and out, off in examples mode, and bad input answered with 400 and a reason
// that lists what is accepted — without changing anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/index.js';
import { startSandbox } from './support.js';

describe('control API', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let orderId: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    orderId = (await sandbox.createOrder('670291644950', 'b6f1d2c3a4e5f60718293a4b5c6d7e8f', 2)).orderId!;
  });
  afterAll(() => sandbox.mock.close());

  /** Everything the control API can show about the tenant. */
  async function snapshot(appKey = 'demoKey123') {
    const parts = await Promise.all(
      ['orders', 'ledger', 'clock', 'faults', 'push-target', 'deliveries'].map((p) =>
        sandbox.control('GET', p, undefined, appKey),
      ),
    );
    const clock = parts[2]!.body;
    return { ...parts.map((p) => p.body), 2: { offsetHours: clock.offsetHours } };
  }

  const bad: [string, string, string, unknown, RegExp][] = [
    [
      'an unknown action',
      'POST',
      'refund',
      undefined,
      /Unknown sandbox action 'POST \/__sandbox\/refund'. Accepted: POST \/__sandbox\/reset, GET \/__sandbox\/orders/,
    ],
    [
      'a known path with the wrong method',
      'DELETE',
      'ledger',
      undefined,
      /Accepted: .*GET \/__sandbox\/ledger/,
    ],
    [
      'an unknown fault kind',
      'POST',
      'faults',
      { operation: 'preparePay', kind: 'explode' },
      /kind must be one of timeout, http-500, not-enabled, insufficient-balance, debit-then-timeout, debit-then-error, latency; got "explode"/,
    ],
    [
      'an unknown operation',
      'POST',
      'faults',
      { operation: 'refundOrder', kind: 'timeout' },
      /operation must be one of .*preparePay/,
    ],
    [
      'a payment fault on another operation',
      'POST',
      'faults',
      { operation: 'createOrder', kind: 'debit-then-timeout' },
      /only applies to operation preparePay/,
    ],
    [
      'latency without ms',
      'POST',
      'faults',
      { operation: 'createOrder', kind: 'latency' },
      /latency needs ms/,
    ],
    [
      'times of 0',
      'POST',
      'faults',
      { operation: 'preparePay', kind: 'timeout', times: 0 },
      /times must be a whole number from 1 to 1000/,
    ],
    [
      'an unknown field',
      'POST',
      'faults',
      { operation: 'preparePay', kind: 'timeout', count: 2 },
      /Unknown field 'count'; accepted: operation, kind, orderId, times, ms/,
    ],
    [
      'negative hours',
      'POST',
      'clock/advance',
      { hours: -1 },
      /hours must be a number above 0 and at most 8784.*got -1/,
    ],
    ['hours as text', 'POST', 'clock/advance', { hours: '48' }, /hours must be a number/],
    ['a body that is not JSON', 'POST', 'clock/advance', '{hours: 1', /not valid JSON/],
    ['a body that is not an object', 'POST', 'clock/advance', '[1]', /must be a JSON object/],
    [
      'an unknown order',
      'POST',
      'orders/2200000000000000000/ship',
      undefined,
      /No order 2200000000000000000 for appKey demoKey123/,
    ],
    [
      'a push target that is not a URL',
      'PUT',
      'push-target',
      { url: 'localhost:3000', appSecret: 'x' },
      /url must be the http\(s\) URL/,
    ],
  ];

  it.each(bad)(
    'answers %s with 400 and what is accepted, changing nothing',
    async (_name, method, path, body, reason) => {
      const before = await snapshot();
      const answer = await sandbox.control(method, path, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(reason);
      expect(String(answer.body.error)).not.toContain('\n');
      expect(await snapshot()).toEqual(before);
    },
  );

  it('answers an order of another tenant with 400, changing nothing', async () => {
    const before = await snapshot('someoneElse');
    for (const [method, path, body] of [
      ['POST', `orders/${orderId}/ship`, undefined],
      ['GET', `orders/${orderId}`, undefined],
      ['POST', 'faults', { operation: 'preparePay', kind: 'timeout', orderId }],
    ] as const) {
      const answer = await sandbox.control(method, path, body, 'someoneElse');
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(/belongs to another appKey/);
    }
    expect(await snapshot('someoneElse')).toEqual(before);
  });

  it('requires the appKey query parameter', async () => {
    const answer = await sandbox.control('GET', 'orders', undefined, null);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/appKey query parameter is required/);
  });

  it('lists orders, shows one, and resets a tenant', async () => {
    const listed = await sandbox.control('GET', 'orders');
    expect(listed.body.orders).toEqual([
      expect.objectContaining({ orderId, status: 'waitbuyerpay', totalAmount: expect.any(Number) }),
    ]);
    const one = await sandbox.control('GET', `orders/${orderId}`);
    expect(one.body.order).toMatchObject({ orderId, lines: [expect.objectContaining({ quantity: 2 })] });
    const fault = await sandbox.control('POST', 'faults', {
      operation: 'createOrder',
      kind: 'latency',
      ms: 5,
      times: 2,
    });
    expect(fault).toMatchObject({
      status: 201,
      body: { fault: { operation: 'createOrder', kind: 'latency', ms: 5, remaining: 2 } },
    });

    const reset = await sandbox.control('POST', 'reset');
    expect(reset).toEqual({ status: 200, body: { reset: true, appKey: 'demoKey123' } });
    expect((await sandbox.control('GET', 'orders')).body.orders).toEqual([]);
    expect((await sandbox.control('GET', 'faults')).body.faults).toEqual([]);
  });

  it('is off in examples mode', async () => {
    const examples = await startMockServer({ port: 0 });
    try {
      const response = await fetch(`${examples.url}/__sandbox/orders?appKey=demoKey123`);
      expect(response.status).not.toBe(200);
      expect(await response.text()).not.toContain('"orders"');
    } finally {
      await examples.close();
    }
  });
});
