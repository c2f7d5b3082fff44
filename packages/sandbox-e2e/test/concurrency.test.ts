// Fifty calls at once — creating orders and paying the same and different orders — leave a ledger with
// exactly one debit per paid order and amounts that match the orders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, findOrderId, type Sandbox, startSandbox } from './support/sandbox.js';

interface Debit {
  orderId: string;
  amount: number;
}
interface OrderRow {
  orderId: string;
  status: string;
  totalAmount: number;
}

describe('concurrent calls', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('50 concurrent createOrder and preparePay calls on the same and on different orders keep the ledger consistent', async () => {
    const client = sandbox.client();
    const shared = await createOrder(client);
    const own = await Promise.all(Array.from({ length: 10 }, () => createOrder(client)));
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++)
      calls.push(client.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: shared } }));
    for (const orderId of own)
      calls.push(client.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId } }));
    for (let i = 0; i < 20; i++) calls.push(createOrder(client, 2 + (i % 3)));
    const results = await Promise.all(calls);
    expect(results).toHaveLength(50);

    const sharedPaid = results
      .slice(0, 20)
      .filter((r) => (r as { data?: { data?: { success?: boolean } } }).data?.data?.success === true);
    expect(sharedPaid).toHaveLength(1);

    const { body: ledger } = await sandbox.control<{ debits: Debit[]; total: number }>('GET', 'ledger');
    const { body: listed } = await sandbox.control<{ orders: OrderRow[] }>('GET', 'orders');
    expect(listed.orders).toHaveLength(1 + 10 + 20);
    const paid = listed.orders.filter((o) => o.status === 'waitsellersend');
    expect(paid.map((o) => o.orderId).sort()).toEqual([shared, ...own].sort());
    expect(ledger.debits.map((d) => d.orderId).sort()).toEqual([shared, ...own].sort());
    for (const debit of ledger.debits) {
      expect(debit.amount).toBe(listed.orders.find((o) => o.orderId === debit.orderId)!.totalAmount);
    }
    expect(ledger.total).toBe(paid.reduce((sum, o) => sum + o.totalAmount, 0));
    expect(new Set(listed.orders.map((o) => o.orderId)).size).toBe(31);
    expect(findOrderId({ data: { orderId: shared } })).toBe(shared);
  });
});
