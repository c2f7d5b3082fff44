import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KNOWN_TERMINAL_PAY_CODES, type PayAttempt, type PayOrderOptions, payOrder } from '../src/index.js';
import { type Answer, answers, dajiDouble } from './fixtures/daji-double.js';

const orderId = '2257164624870311973';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs payOrder to the end under fake timers: every backoff elapses instantly, nothing sleeps. */
async function run(script: { pay: Answer[]; order?: Answer[] }, options: Partial<PayOrderOptions> = {}) {
  const double = dajiDouble(script);
  const events: PayAttempt[] = [];
  const promise = payOrder(double.client, {
    orderId,
    random: () => 0.5,
    onAttempt: (e) => events.push(e),
    ...options,
  });
  await vi.runAllTimersAsync();
  const outcome = await promise;
  return { outcome, calls: double.calls, events, bodies: double.bodies };
}

const transientFailures: [string, () => Answer][] = [
  ['a timeout (TimeoutError)', answers.timeout],
  ['a network error (TypeError)', answers.network],
  ['HTTP 503', () => answers.http(503)],
  ['HTTP 429', () => answers.http(429)],
  ['success: false with an unlisted code', () => answers.declined('PAY_FAIL')],
  ['paySuccess: false', answers.paySuccessFalse],
  ['envelope code 500', () => answers.envelopeCode(500)],
  ['DajiTimeoutError', () => answers.dajiError('DajiTimeoutError')],
  ['DajiNetworkError', () => answers.dajiError('DajiNetworkError')],
  ['DajiHttpError 502', () => answers.dajiError('DajiHttpError', { httpStatus: 502, code: 502 })],
  [
    'a returned DajiHttpError 503',
    () => answers.returnedError('DajiHttpError', { httpStatus: 503, code: 503 }, 503),
  ],
  [
    'a returned DajiBusinessError with envelope code 500',
    () =>
      answers.returnedError('DajiBusinessError', {
        code: 500,
        httpStatus: 200,
        envelope: { code: 500, message: 'busy', data: null, traceId: 'e1' },
      }),
  ],
  [
    'a 200 without a JSON envelope (DajiHttpError, httpStatus 200)',
    () => answers.dajiError('DajiHttpError', { httpStatus: 200, code: 200 }),
  ],
];

describe('payOrder retries transient failures, reading the order before every retry', () => {
  for (const [label, failure] of transientFailures) {
    for (const failures of [1, 2, 3]) {
      it(`${label} ×${failures} then success → paid after ${failures + 1} preparePay and ${failures} order reads`, async () => {
        const { outcome, calls } = await run({
          pay: [...Array.from({ length: failures }, failure), answers.paid()],
        });
        expect(calls).toEqual({ pay: failures + 1, order: failures });
        expect(outcome).toMatchObject({
          status: 'paid',
          reason: 'pay-succeeded',
          channel: 'alipay',
          attempts: failures + 1,
        });
        expect(outcome.orderChecks).toBe(failures);
      });
    }
  }

  it('fail ×4 → stops after 4 preparePay calls, reads the order once more, and reports failed', async () => {
    const { outcome, calls, events } = await run({ pay: [answers.timeout()] });
    expect(calls).toEqual({ pay: 4, order: 4 });
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'retries-exhausted',
      attempts: 4,
      orderStatus: 'waitbuyerpay',
      lastError: { during: 'preparePay', reason: 'timeout' },
    });
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3, 4]);
    expect(events[3]).not.toHaveProperty('delayMs');
  });

  it('a timeout while the order already shows waitsellersend → paid, with no further preparePay', async () => {
    const { outcome, calls } = await run({
      pay: [answers.timeout()],
      order: [answers.order('waitsellersend')],
    });
    expect(calls).toEqual({ pay: 1, order: 1 });
    expect(outcome).toMatchObject({ status: 'paid', reason: 'order-paid', orderStatus: 'waitsellersend' });
    expect(outcome.channel).toBeUndefined();
  });

  it.each(['waitbuyerreceive', 'confirm_goods', 'success', 'WAITSELLERSEND'])(
    'takes order status %s as paid',
    async (status) => {
      const { outcome, calls } = await run({
        pay: [answers.paySuccessFalse()],
        order: [answers.order(status)],
      });
      expect(calls).toEqual({ pay: 1, order: 1 });
      expect(outcome.status).toBe('paid');
    },
  );

  it('reads the status from data.baseInfo too', async () => {
    const { outcome } = await run({ pay: [answers.network()], order: [answers.orderFlat('waitsellersend')] });
    expect(outcome).toMatchObject({ status: 'paid', reason: 'order-paid' });
  });

  it.each(['cancel', 'terminated'])(
    'an order that became %s → failed, no further preparePay',
    async (status) => {
      const { outcome, calls } = await run({ pay: [answers.timeout()], order: [answers.order(status)] });
      expect(calls).toEqual({ pay: 1, order: 1 });
      expect(outcome).toMatchObject({ status: 'failed', reason: 'order-closed', orderStatus: status });
    },
  );

  it('an order status it does not know → unknown, never paid and never another debit', async () => {
    const { outcome, calls } = await run({
      pay: [answers.timeout()],
      order: [answers.order('waitsellerconfirm')],
    });
    expect(calls).toEqual({ pay: 1, order: 1 });
    expect(outcome).toMatchObject({ status: 'unknown', reason: 'order-status-unrecognised' });
  });
});

describe('payOrder never retries terminal failures', () => {
  const terminal: [string, Answer][] = [
    ['password-free payment not enabled (code)', answers.declined('PROTOCOL_PAY_NOT_OPEN')],
    [
      'password-free payment not enabled (message only)',
      {
        returns: {
          data: {
            code: 200,
            data: { success: false, code: 'X1', message: '买家未开通免密支付' },
            traceId: 'a',
          },
        },
      },
    ],
    ['order not found', answers.declined('ORDER_NOT_EXIST')],
    ['no permission', answers.declined('400_3')],
    ['bad signature, HTTP 400', answers.http(400)],
    ['HTTP 401', answers.http(401)],
    ['HTTP 404', answers.http(404)],
    ['app not activated, envelope code 401', answers.envelopeCode(401, '请创建应用，再联系平台进行激活')],
    ['DajiHttpError 403', answers.dajiError('DajiHttpError', { httpStatus: 403, code: 403 })],
    [
      'DajiBusinessError with an envelope code',
      answers.dajiError('DajiBusinessError', { code: 1009, httpStatus: 200 }),
    ],
    [
      'a returned DajiBusinessError (app not activated)',
      answers.returnedError('DajiBusinessError', {
        code: 401,
        httpStatus: 200,
        envelope: { code: 401, message: '请创建应用，再联系平台进行激活', data: null, traceId: 'e2' },
      }),
    ],
    [
      'a returned DajiHttpError 400',
      answers.returnedError('DajiHttpError', { httpStatus: 400, code: 400 }, 400),
    ],
  ];
  for (const [label, answer] of terminal) {
    it(`${label} → failed after 1 preparePay and no order read`, async () => {
      const { outcome, calls, events } = await run({ pay: [answer, answers.paid()] });
      expect(calls).toEqual({ pay: 1, order: 0 });
      expect(outcome).toMatchObject({ status: 'failed', reason: 'terminal-error', attempts: 1 });
      expect(outcome.lastError?.retryable).toBe(false);
      expect(events).toHaveLength(1);
      expect(events[0]).not.toHaveProperty('delayMs');
    });
  }

  it('a code added through terminalCodes is terminal too', async () => {
    const { outcome, calls } = await run(
      { pay: [answers.declined('BALANCE_NOT_ENOUGH')] },
      { terminalCodes: ['BALANCE_NOT_ENOUGH'] },
    );
    expect(calls).toEqual({ pay: 1, order: 0 });
    expect(outcome.status).toBe('failed');
  });

  it('"order not payable" (ORDER_STATUS_ERROR) is checked once: an order that was paid meanwhile → paid', async () => {
    const { outcome, calls } = await run({
      pay: [answers.declined('ORDER_STATUS_ERROR')],
      order: [answers.order('waitsellersend')],
    });
    expect(calls).toEqual({ pay: 1, order: 1 });
    expect(outcome).toMatchObject({ status: 'paid', reason: 'order-paid' });
  });

  it('"order not payable" on a closed order → failed', async () => {
    const { outcome, calls } = await run({
      pay: [answers.declined('ORDER_STATUS_ERROR')],
      order: [answers.order('cancel')],
    });
    expect(calls).toEqual({ pay: 1, order: 1 });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'order-closed' });
  });

  it('a terminal failure after a timeout reads the order once more before saying failed', async () => {
    const { outcome, calls } = await run({ pay: [answers.timeout(), answers.http(400)] });
    expect(calls).toEqual({ pay: 2, order: 2 });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'terminal-error' });
  });
});

describe('payOrder when the order cannot be read', () => {
  const checkFailures: [string, Answer][] = [
    ['a network error', answers.network()],
    ['HTTP 500', answers.http(500)],
    ['an envelope code 500', answers.envelopeCode(500)],
    ['a body without a status', { returns: { data: { code: 200, data: {}, traceId: 'x' } } }],
  ];
  for (const [label, failure] of checkFailures) {
    it(`order check fails with ${label} → unknown, never another debit`, async () => {
      const { outcome, calls } = await run({ pay: [answers.timeout()], order: [failure] });
      expect(calls).toEqual({ pay: 1, order: 1 });
      expect(outcome).toMatchObject({ status: 'unknown', reason: 'order-check-failed' });
      expect(outcome.lastError?.during).toBe('getOrderDetail');
    });
  }

  it('an order 1688 does not know → failed', async () => {
    const { outcome, calls } = await run({ pay: [answers.timeout()], order: [answers.orderMissing()] });
    expect(calls).toEqual({ pay: 1, order: 1 });
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'order-not-found',
      lastError: { code: 'ORDER_NOT_EXIST' },
    });
  });

  it('the final check after the last attempt failing → unknown', async () => {
    const pay = [answers.timeout()];
    const order = [
      answers.order('waitbuyerpay'),
      answers.order('waitbuyerpay'),
      answers.order('waitbuyerpay'),
      answers.network(),
    ];
    const { outcome, calls } = await run({ pay, order });
    expect(calls).toEqual({ pay: 4, order: 4 });
    expect(outcome).toMatchObject({ status: 'unknown', reason: 'order-check-failed' });
  });
});

describe('payOrder backoff, deadline and abort', () => {
  it('waits with full jitter: random × min(maxDelayMs, baseDelayMs · 2^(n−1))', async () => {
    const { events } = await run(
      { pay: [answers.timeout()] },
      { random: () => 0.5, baseDelayMs: 500, maxDelayMs: 1200 },
    );
    expect(events.map((e) => e.delayMs)).toEqual([250, 500, 600, undefined]);
  });

  it('spends the waits on the clock, not instantly', async () => {
    const double = dajiDouble({ pay: [answers.timeout(), answers.paid()] });
    const promise = payOrder(double.client, { orderId, random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(249);
    expect(double.calls).toEqual({ pay: 1, order: 0 });
    await vi.advanceTimersByTimeAsync(1);
    expect(double.calls).toEqual({ pay: 2, order: 1 });
    expect((await promise).status).toBe('paid');
  });

  it('stops at the deadline: no wait that would cross it, then one final order read', async () => {
    const start = Date.now();
    const { outcome, calls, events } = await run(
      { pay: [answers.timeout()] },
      { random: () => 0.999, baseDelayMs: 500, deadlineMs: 1000 },
    );
    expect(calls).toEqual({ pay: 2, order: 2 });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'deadline' });
    expect(events.map((e) => e.delayMs)).toEqual([499, undefined]);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('an abort during a backoff ends at once, with no further call, as unknown', async () => {
    const controller = new AbortController();
    const double = dajiDouble({ pay: [answers.timeout(), answers.paid()] });
    const promise = payOrder(double.client, { orderId, signal: controller.signal, random: () => 0.9 });
    await vi.advanceTimersByTimeAsync(100); // inside the first backoff (450 ms)
    expect(double.calls).toEqual({ pay: 1, order: 0 });
    controller.abort();
    const outcome = await promise; // settles without advancing the clock
    await vi.runAllTimersAsync();
    expect(double.calls).toEqual({ pay: 1, order: 0 });
    expect(outcome).toMatchObject({
      status: 'unknown',
      reason: 'aborted',
      attempts: 1,
      lastError: { reason: 'aborted' },
    });
  });

  it('an abort while preparePay is in flight → unknown, nothing more sent', async () => {
    const controller = new AbortController();
    const POST = vi.fn(
      (_path: string, init: { signal?: AbortSignal }) =>
        new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    );
    const promise = payOrder({ POST }, { orderId, signal: controller.signal });
    controller.abort();
    const outcome = await promise;
    expect(POST).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({ status: 'unknown', reason: 'aborted' });
  });

  it('a signal aborted before the start throws its AbortError and sends nothing', async () => {
    const double = dajiDouble({ pay: [answers.paid()] });
    await expect(payOrder(double.client, { orderId, signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(double.calls).toEqual({ pay: 0, order: 0 });
  });

  it('passes the signal to every call', async () => {
    const controller = new AbortController();
    const double = dajiDouble({ pay: [answers.timeout(), answers.paid()] });
    const promise = payOrder(double.client, { orderId, signal: controller.signal });
    await vi.runAllTimersAsync();
    await promise;
    for (const [, init] of double.client.POST.mock.calls) expect(init.signal).toBe(controller.signal);
  });
});

describe('payOrder requests and reports', () => {
  it('sends preparePay { orderId } and getOrderDetail { orderId, webSite: 1688 } with the id as a string', async () => {
    const { bodies } = await run({ pay: [answers.timeout(), answers.paid()] });
    expect(bodies).toEqual([{ orderId }, { orderId, webSite: '1688' }, { orderId }]);
  });

  it('collects every traceId in call order', async () => {
    const { outcome } = await run({ pay: [answers.declined(), answers.paid()] });
    expect(outcome.traceIds).toHaveLength(3);
    expect(new Set(outcome.traceIds).size).toBe(3);
  });

  it('reports each attempt with its reason, the wait that follows, traceId and code', async () => {
    const { events } = await run({ pay: [answers.declined('PAY_FAIL'), answers.http(503), answers.paid()] });
    expect(events).toEqual([
      expect.objectContaining({
        attempt: 1,
        reason: 'pay-declined',
        code: 'PAY_FAIL',
        delayMs: 250,
        traceId: expect.any(String),
      }),
      expect.objectContaining({ attempt: 2, reason: 'http-status', httpStatus: 503, delayMs: 500 }),
      expect.objectContaining({ attempt: 3, reason: 'paid' }),
    ]);
  });

  it('ignores an onAttempt that throws', async () => {
    const double = dajiDouble({ pay: [answers.timeout(), answers.paid()] });
    const promise = payOrder(double.client, {
      orderId,
      onAttempt: () => {
        throw new Error('logger broke');
      },
    });
    await vi.runAllTimersAsync();
    expect((await promise).status).toBe('paid');
  });

  it('accepts isPaySuccess when paySuccess is missing, and never calls success:false paid', async () => {
    const isPay = {
      returns: { data: { code: 200, data: { success: true, result: { isPaySuccess: true } }, traceId: 'a' } },
    };
    expect((await run({ pay: [isPay] })).outcome.status).toBe('paid');
    const contradictory = {
      returns: {
        data: { code: 200, data: { success: false, code: 'E', result: { paySuccess: true } }, traceId: 'b' },
      },
    };
    const { outcome, calls } = await run({ pay: [contradictory], order: [answers.order('cancel')] });
    expect(calls.pay).toBe(1);
    expect(outcome.status).toBe('failed');
  });

  it('reads a bare envelope returned without openapi-fetch wrapping', async () => {
    const bare = {
      returns: {
        code: 200,
        data: { success: true, result: { paySuccess: true, payChannel: 'shegou' } },
        traceId: 'c',
      },
    };
    expect((await run({ pay: [bare] })).outcome).toMatchObject({
      status: 'paid',
      channel: 'shegou',
      traceIds: ['c'],
    });
  });

  it('with maxRetries 0 makes one call and then verifies', async () => {
    const { outcome, calls } = await run({ pay: [answers.timeout()] }, { maxRetries: 0 });
    expect(calls).toEqual({ pay: 1, order: 1 });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'retries-exhausted' });
  });
});

describe('payOrder options', () => {
  const client = dajiDouble({ pay: [answers.paid()] }).client;

  it.each([4, -1, 1.5, Number.NaN])('refuses maxRetries %s', async (maxRetries) => {
    await expect(payOrder(client, { orderId, maxRetries })).rejects.toThrow(
      /maxRetries must be an integer from 0 to 3/,
    );
  });

  it('refuses an order id given as a number, explaining why', async () => {
    await expect(
      payOrder(client, { orderId: Number('2257164624870311973') as unknown as string }),
    ).rejects.toThrow(/orderId must be a string of digits.*got a number.*19 digits/);
  });

  it.each(['', 'abc', '12 34', '-1', '1e5'])('refuses the order id %j', async (bad) => {
    await expect(payOrder(client, { orderId: bad })).rejects.toThrow(/orderId must be a string of digits/);
  });

  it('refuses bad delays, deadline, signal, callback and client, naming the field', async () => {
    await expect(payOrder(client, { orderId, baseDelayMs: -1 })).rejects.toThrow(/baseDelayMs/);
    await expect(payOrder(client, { orderId, maxDelayMs: Number.POSITIVE_INFINITY })).rejects.toThrow(
      /maxDelayMs/,
    );
    await expect(payOrder(client, { orderId, deadlineMs: 0 })).rejects.toThrow(/deadlineMs .* above 0/);
    await expect(payOrder(client, { orderId, signal: {} as AbortSignal })).rejects.toThrow(
      /signal must be an AbortSignal/,
    );
    await expect(payOrder(client, { orderId, onAttempt: 'log' as never })).rejects.toThrow(
      /onAttempt must be a function/,
    );
    await expect(payOrder(client, { orderId, terminalCodes: 'X' as never })).rejects.toThrow(/terminalCodes/);
    await expect(payOrder({} as never, { orderId })).rejects.toThrow(
      /client must be an openapi-fetch client/,
    );
    expect(client.POST).not.toHaveBeenCalled();
  });

  it('documents a partial list of terminal 1688 codes', () => {
    expect(KNOWN_TERMINAL_PAY_CODES).toEqual(
      expect.arrayContaining(['ORDER_NOT_EXIST', 'ORDER_STATUS_ERROR']),
    );
    expect(Object.isFrozen(KNOWN_TERMINAL_PAY_CODES)).toBe(true);
  });
});

describe('payOrder bound', () => {
  const anyAnswer = fc.oneof(
    fc.constant('timeout'),
    fc.constant('network'),
    fc.constant('declined'),
    fc.constant('paySuccessFalse'),
    fc.constantFrom(408, 429, 500, 502, 503, 400, 401),
    fc.constant('terminal'),
    fc.constant('paid'),
  );
  const toAnswer = (a: string | number): Answer =>
    typeof a === 'number'
      ? answers.http(a)
      : a === 'terminal'
        ? answers.declined('ORDER_NOT_EXIST')
        : a === 'paid'
          ? answers.paid()
          : (answers as unknown as Record<string, () => Answer>)[a]!();
  const orderAnswer = fc.constantFrom(
    'waitbuyerpay',
    'waitbuyerpay',
    'waitbuyerpay',
    'waitsellersend',
    'cancel',
    'network',
  );

  it('no sequence of failures ever produces more than 1 + maxRetries (so never a fifth) preparePay call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyAnswer, { minLength: 1, maxLength: 12 }),
        fc.array(orderAnswer, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        async (pay, order, maxRetries, r) => {
          const { outcome, calls } = await run(
            {
              pay: pay.map(toAnswer),
              order: order.map((s) => (s === 'network' ? answers.network() : answers.order(s))),
            },
            { maxRetries, random: () => r },
          );
          expect(calls.pay).toBeLessThanOrEqual(1 + maxRetries);
          expect(calls.pay).toBeLessThan(5);
          expect(outcome.attempts).toBe(calls.pay);
          // Never paid without evidence: a paid outcome needs a paySuccess answer or a paid order status.
          if (outcome.status === 'paid') {
            expect(outcome.reason === 'pay-succeeded' || outcome.orderStatus === 'waitsellersend').toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
