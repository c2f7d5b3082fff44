// payOrder (the bounded, verify-before-retry password-free payment) against every fault the sandbox can
// inject: never more than one debit per order, and `paid` only with evidence.
import { type PayOutcome, payOrder } from '@daji-openapi/retry-policies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, orderStatus, type Sandbox, startSandbox } from './support/sandbox.js';

interface Debit {
  orderId: string;
  amount: number;
}

describe('payOrder against injected faults', () => {
  let sandbox: Sandbox;
  // Orders are created and read with the client's own 30 s timeout; payOrder gets a shorter one, so the
  // "no answer" faults end within the test, yet long enough that a loaded machine's slow answer is not
  // taken for a lost one (which would change the attempts these tests count).
  let client: ReturnType<Sandbox['client']>;
  let payClient: ReturnType<Sandbox['client']>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    client = sandbox.client();
    payClient = sandbox.client({ timeoutMs: 10_000 });
  });
  afterAll(() => sandbox.close());

  async function debitsOf(orderId: string): Promise<Debit[]> {
    const { body } = await sandbox.control<{ debits: Debit[] }>('GET', 'ledger');
    return body.debits.filter((d) => d.orderId === orderId);
  }

  async function payWith(
    kind: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ orderId: string; outcome: PayOutcome }> {
    const orderId = await createOrder(client);
    const set = await sandbox.control('POST', 'faults', { operation: 'preparePay', kind, orderId, ...extra });
    expect(set.status).toBe(201);
    const outcome = await payOrder(payClient, { orderId, baseDelayMs: 10, maxDelayMs: 20 });
    return { orderId, outcome };
  }

  it('timeout: no answer and no debit, then a retry pays once', async () => {
    const { orderId, outcome } = await payWith('timeout');
    expect(outcome).toMatchObject({ status: 'paid', attempts: 2 });
    expect(outcome.lastError?.reason).toBe('timeout');
    expect(await debitsOf(orderId)).toHaveLength(1);
  });

  it('http-500: retried, then paid once', async () => {
    const { orderId, outcome } = await payWith('http-500');
    expect(outcome).toMatchObject({ status: 'paid', attempts: 2 });
    expect(outcome.lastError?.httpStatus).toBe(500);
    expect(await debitsOf(orderId)).toHaveLength(1);
  });

  it('not-enabled: a terminal failure, nothing debited', async () => {
    const { orderId, outcome } = await payWith('not-enabled');
    expect(outcome).toMatchObject({ status: 'failed', reason: 'terminal-error', attempts: 1 });
    expect(await debitsOf(orderId)).toEqual([]);
    expect(await orderStatus(client, orderId)).toBe('waitbuyerpay');
  });

  it('insufficient-balance on every attempt: retries exhausted, nothing debited', async () => {
    const { orderId, outcome } = await payWith('insufficient-balance', { times: 10 });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'retries-exhausted', attempts: 4 });
    expect(await debitsOf(orderId)).toEqual([]);
  });

  it('debit-then-timeout: the money moved but the answer was lost; payOrder finds the order paid and never pays twice', async () => {
    const { orderId, outcome } = await payWith('debit-then-timeout');
    expect(outcome).toMatchObject({ status: 'paid', reason: 'order-paid', attempts: 1 });
    expect(await debitsOf(orderId)).toHaveLength(1);
    expect(await orderStatus(client, orderId)).toBe('waitsellersend');
  });

  it('debit-then-error: the answer says failure although the money moved; payOrder finds the order paid', async () => {
    const { orderId, outcome } = await payWith('debit-then-error');
    expect(outcome).toMatchObject({ status: 'paid', reason: 'order-paid', attempts: 1 });
    expect(outcome.lastError?.code).toBe('PAY_FAILED');
    expect(await debitsOf(orderId)).toHaveLength(1);
  });

  it('latency: the answer comes late but whole', async () => {
    const { orderId, outcome } = await payWith('latency', { ms: 300 });
    expect(outcome).toMatchObject({ status: 'paid', reason: 'pay-succeeded', attempts: 1 });
    expect(await debitsOf(orderId)).toHaveLength(1);
  });

  it('a fault on one order leaves the others alone, and is used up after `times` calls', async () => {
    const target = await createOrder(client);
    const other = await createOrder(client);
    await sandbox.control('POST', 'faults', {
      operation: 'preparePay',
      kind: 'not-enabled',
      orderId: target,
    });
    expect(await payOrder(client, { orderId: other })).toMatchObject({ status: 'paid' });
    expect(await payOrder(client, { orderId: target })).toMatchObject({ status: 'failed' });
    expect(await payOrder(client, { orderId: target })).toMatchObject({ status: 'paid' });
    const left = (await sandbox.control<{ faults: { orderId: string }[] }>('GET', 'faults')).body.faults;
    expect(left.filter((f) => f.orderId === target)).toEqual([]);
  });
});
