// Two apps on one sandbox never see each other's orders, ledger, clock or faults.
import { payOrder } from '@daji-openapi/retry-policies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, orderStatus, type Sandbox, startSandbox } from './support/sandbox.js';

describe('tenants', () => {
  let sandbox: Sandbox;
  const a = { appKey: 'tenantA', appSecret: 'secretA' };
  const b = { appKey: 'tenantB', appSecret: 'secretB' };
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('keeps orders, ledger, clock and faults per appKey', async () => {
    const clientA = sandbox.client(a);
    const clientB = sandbox.client(b);
    const orderA = await createOrder(clientA);
    await payOrder(clientA, { orderId: orderA });

    const ordersB = await sandbox.control<{ orders: unknown[] }>('GET', 'orders', undefined, b.appKey);
    expect(ordersB.body.orders).toEqual([]);
    expect(
      (await sandbox.control<{ debits: unknown[] }>('GET', 'ledger', undefined, b.appKey)).body.debits,
    ).toEqual([]);
    expect(
      (await sandbox.control<{ debits: unknown[] }>('GET', 'ledger', undefined, a.appKey)).body.debits,
    ).toHaveLength(1);

    // B cannot read, pay, cancel or ship A's order.
    const detail = await clientB.POST('/alibaba/trade/get/buyerView', {
      body: { orderId: orderA, webSite: '1688' },
    });
    expect(JSON.stringify(detail.data ?? (detail.error as { envelope?: unknown })?.envelope)).toContain(
      'ORDER_NOT_EXIST',
    );
    const pay = await clientB.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId: orderA },
    });
    expect(pay.data?.data).toMatchObject({ success: false, code: 'ORDER_NOT_EXIST' });
    const ship = await sandbox.control<{ error: string }>(
      'POST',
      `orders/${orderA}/ship`,
      undefined,
      b.appKey,
    );
    expect(ship.status).toBe(400);
    expect(ship.body.error).toMatch(/another appKey/);
    expect(await orderStatus(clientA, orderA)).toBe('waitsellersend');

    // B's clock moves B's orders only.
    await sandbox.control('POST', 'clock/advance', { hours: 48 }, b.appKey);
    expect(await orderStatus(clientA, orderA)).toBe('waitsellersend');
    const clockA = await sandbox.control<{ offsetHours: number }>('GET', 'clock', undefined, a.appKey);
    expect(clockA.body.offsetHours).toBe(0);

    // A fault set for B does not touch A.
    await sandbox.control(
      'POST',
      'faults',
      { operation: 'preparePay', kind: 'not-enabled', times: 5 },
      b.appKey,
    );
    const orderA2 = await createOrder(clientA);
    expect(await payOrder(clientA, { orderId: orderA2 })).toMatchObject({ status: 'paid' });
    const orderB = await createOrder(clientB);
    expect(await payOrder(clientB, { orderId: orderB })).toMatchObject({
      status: 'failed',
      reason: 'terminal-error',
    });

    // Order ids never collide between tenants.
    expect(orderB).not.toBe(orderA);
    expect(orderB.slice(0, 10)).not.toBe(orderA.slice(0, 10));

    // Resetting B leaves A whole.
    await sandbox.control('POST', 'reset', undefined, b.appKey);
    expect(
      (await sandbox.control<{ orders: unknown[] }>('GET', 'orders', undefined, b.appKey)).body.orders,
    ).toEqual([]);
    expect(
      (await sandbox.control<{ orders: unknown[] }>('GET', 'orders', undefined, a.appKey)).body.orders,
    ).toHaveLength(2);
  });
});
