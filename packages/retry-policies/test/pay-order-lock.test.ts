import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PayLock, type PayLockLease, type PayOrderOptions, payOrder } from '../src/index.js';
import { type Answer, answers, dajiDouble } from './fixtures/daji-double.js';

const orderId = '2257164624870311973';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * An in-process PayLock with the contract's semantics (one holder per order), recording what happened.
 * The Redis lock is tested against a real server in @daji-openapi/redis; here only payOrder's use of it.
 */
function memoryLock() {
  const holders = new Map<string, symbol>();
  const events: string[] = [];
  let lostAfter: number | undefined;
  const lock: PayLock & { loseAfter(checks: number): void; fail?: Error } = {
    async acquire(id) {
      if (lock.fail) throw lock.fail;
      if (holders.has(id)) {
        events.push('busy');
        return null;
      }
      const token = Symbol(id);
      holders.set(id, token);
      events.push('acquired');
      let checks = 0;
      const lease: PayLockLease = {
        held: () => {
          checks++;
          return holders.get(id) === token && (lostAfter === undefined || checks <= lostAfter);
        },
        async release() {
          if (holders.get(id) === token) holders.delete(id);
          events.push('released');
        },
      };
      return lease;
    },
    loseAfter(checks) {
      lostAfter = checks;
    },
  };
  return { lock, holders, events };
}

async function run(
  script: { pay: Answer[]; order?: Answer[] },
  options: Partial<PayOrderOptions> & { lock: PayLock },
) {
  const double = dajiDouble(script);
  const promise = payOrder(double.client, { orderId, random: () => 0.5, ...options });
  await vi.runAllTimersAsync();
  return { outcome: await promise, calls: double.calls };
}

describe('payOrder with a lock', () => {
  it('holds the lock for the whole call and releases it afterwards', async () => {
    const { lock, events, holders } = memoryLock();
    const { outcome, calls } = await run(
      { pay: [answers.timeout(), answers.paid()], order: [answers.order('waitbuyerpay')] },
      { lock },
    );
    expect(outcome).toMatchObject({ status: 'paid', reason: 'pay-succeeded', attempts: 2, orderChecks: 1 });
    expect(calls).toEqual({ pay: 2, order: 1 });
    expect(events).toEqual(['acquired', 'released']);
    expect(holders.size).toBe(0);
  });

  it('answers in-progress without calling preparePay while another payOrder holds the order', async () => {
    const { lock, holders } = memoryLock();
    holders.set(orderId, Symbol('another instance'));
    const { outcome, calls } = await run({ pay: [answers.paid()] }, { lock });
    expect(outcome).toEqual({
      status: 'unknown',
      reason: 'in-progress',
      orderId,
      attempts: 0,
      orderChecks: 0,
      traceIds: [],
    });
    expect(calls).toEqual({ pay: 0, order: 0 });
    expect(holders.size).toBe(1); // the other holder's lock is untouched
  });

  it('with waitMs, waits for the holder, then reads the order and does not pay an order it paid', async () => {
    const { lock, holders } = memoryLock();
    const other = Symbol('another instance');
    holders.set(orderId, other);
    setTimeout(() => holders.delete(orderId), 1000);
    const { outcome, calls } = await run(
      { pay: [answers.paid()], order: [answers.order('waitsellersend')] },
      { lock, waitMs: 5000 },
    );
    expect(outcome).toMatchObject({ status: 'paid', reason: 'order-paid', attempts: 0, orderChecks: 1 });
    expect(calls).toEqual({ pay: 0, order: 1 });
  });

  it('with waitMs, pays after the holder gave up when the order still waits for payment', async () => {
    const { lock, holders } = memoryLock();
    holders.set(orderId, Symbol('another instance'));
    setTimeout(() => holders.delete(orderId), 300);
    const { outcome, calls } = await run(
      { pay: [answers.paid()], order: [answers.order('waitbuyerpay')] },
      { lock, waitMs: 5000 },
    );
    expect(outcome).toMatchObject({ status: 'paid', reason: 'pay-succeeded', attempts: 1, orderChecks: 1 });
    expect(calls).toEqual({ pay: 1, order: 1 });
  });

  it('with waitMs, answers in-progress when the holder is still there once waitMs is over', async () => {
    const { lock, holders, events } = memoryLock();
    holders.set(orderId, Symbol('another instance'));
    const { outcome, calls } = await run({ pay: [answers.paid()] }, { lock, waitMs: 2000 });
    expect(outcome).toMatchObject({ status: 'unknown', reason: 'in-progress', attempts: 0 });
    expect(calls).toEqual({ pay: 0, order: 0 });
    expect(events.length).toBeGreaterThan(5); // it kept asking during the wait
  });

  it('fails closed when the lock cannot be reached: no call, and the outcome says why', async () => {
    const { lock } = memoryLock();
    lock.fail = new Error('Redis did not answer: connect ECONNREFUSED 127.0.0.1:6379');
    const { outcome, calls } = await run({ pay: [answers.paid()] }, { lock });
    expect(outcome).toEqual({
      status: 'unknown',
      reason: 'lock-unavailable',
      orderId,
      attempts: 0,
      orderChecks: 0,
      traceIds: [],
      lastError: {
        during: 'lock',
        reason: 'lock-unavailable',
        retryable: true,
        message:
          'the pay lock could not be reached, so nothing was paid: Redis did not answer: connect ECONNREFUSED 127.0.0.1:6379',
      },
    });
    expect(calls).toEqual({ pay: 0, order: 0 });
  });

  it('makes no further call once the lease is lost part-way, and says so', async () => {
    const { lock } = memoryLock();
    lock.loseAfter(1); // held for the first preparePay, lost before the order check
    const { outcome, calls } = await run(
      { pay: [answers.timeout(), answers.paid()], order: [answers.order('waitbuyerpay')] },
      { lock },
    );
    expect(outcome).toMatchObject({
      status: 'unknown',
      reason: 'lock-lost',
      attempts: 1,
      orderChecks: 0,
      lastError: { during: 'lock', reason: 'lock-lost', retryable: false },
    });
    expect(calls).toEqual({ pay: 1, order: 0 });
  });

  it('still releases the lock when payOrder ends in a failure', async () => {
    const { lock, holders } = memoryLock();
    const { outcome } = await run({ pay: [answers.declined('ORDER_NOT_EXIST')] }, { lock });
    expect(outcome.status).toBe('failed');
    expect(holders.size).toBe(0);
  });

  it('rejects a lock without acquire, and waitMs without a lock, naming the option', async () => {
    const double = dajiDouble({ pay: [answers.paid()] });
    await expect(payOrder(double.client, { orderId, lock: {} as never })).rejects.toThrow(
      /payOrder: lock must be a pay lock with an acquire\(orderId\) method/,
    );
    await expect(payOrder(double.client, { orderId, waitMs: 100 })).rejects.toThrow(
      /payOrder: waitMs needs a lock/,
    );
    const { lock } = memoryLock();
    await expect(payOrder(double.client, { orderId, lock, waitMs: -1 })).rejects.toThrow(
      /payOrder: waitMs must be/,
    );
  });
});
