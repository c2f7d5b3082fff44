// Every action in every status the 1688 state machine does not allow: the business failure Daji gives,
// and nothing changes.
import { payOrder } from '@daji-openapi/retry-policies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIPT_PATH, responseErrors } from './support/contract.js';
import { createOrder, orderOf, orderStatus, type Sandbox, startSandbox } from './support/sandbox.js';

type Client = ReturnType<Sandbox['client']>;
type Status = 'waitbuyerpay' | 'waitsellersend' | 'waitbuyerreceive' | 'success' | 'cancel';

describe('invalid transitions', () => {
  let sandbox: Sandbox;
  let client: Client;
  const orders = {} as Record<Status, string>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = sandbox.client();
    for (const status of [
      'waitbuyerpay',
      'waitsellersend',
      'waitbuyerreceive',
      'success',
      'cancel',
    ] as Status[]) {
      orders[status] = await createOrder(client);
    }
    // Past the 10-second window in which 1688 refuses to cancel a new order.
    await sandbox.control('POST', 'clock/advance', { hours: 0.01 });
    for (const status of ['waitsellersend', 'waitbuyerreceive', 'success'] as Status[])
      await payOrder(client, { orderId: orders[status] });
    for (const status of ['waitbuyerreceive', 'success'] as Status[])
      await sandbox.control('POST', `orders/${orders[status]}/ship`);
    await client.POST(
      RECEIPT_PATH as never,
      { body: { orderId: orders.success, orderEntryIds: await entryIds(client, orders.success) } } as never,
    );
    await client.POST('/alibaba/trade/cancel', {
      body: { orderId: orders.cancel, webSite: '1688', cancelReason: 'buyerCancel' },
    });
    for (const status of Object.keys(orders) as Status[])
      expect(await orderStatus(client, orders[status])).toBe(status);
  });
  afterAll(() => sandbox.close());

  async function entryIds(c: Client, orderId: string): Promise<string[]> {
    const { data } = await c.POST('/alibaba/trade/get/buyerView', { body: { orderId, webSite: '1688' } });
    return orderOf(data).productItems.map((i) => String(i.subItemIDString));
  }

  async function ledgerSize(): Promise<number> {
    return (await sandbox.control<{ debits: unknown[] }>('GET', 'ledger')).body.debits.length;
  }

  async function prepare(orderId: string) {
    const { data } = await client.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId } });
    return data as { code: number; data: { success: boolean; code: string | null } };
  }

  it.each(['waitsellersend', 'waitbuyerreceive', 'success', 'cancel'] as Status[])(
    'preparePay on a %s order answers ORDER_STATUS_ERROR and debits nothing',
    async (status) => {
      const before = await ledgerSize();
      const answer = await prepare(orders[status]);
      expect(answer.code).toBe(200);
      expect(answer.data).toMatchObject({ success: false, code: 'ORDER_STATUS_ERROR' });
      expect(await ledgerSize()).toBe(before);
      expect(await orderStatus(client, orders[status])).toBe(status);
    },
  );

  it.each(['waitsellersend', 'waitbuyerreceive', 'success', 'cancel'] as Status[])(
    'cancel on a %s order answers ORDER_STATUS_ERROR',
    async (status) => {
      const { data } = await client.POST('/alibaba/trade/cancel', {
        body: { orderId: orders[status], webSite: '1688', cancelReason: 'buyerCancel' },
      });
      expect(data?.data).toMatchObject({ success: false, errorCode: 'ORDER_STATUS_ERROR' });
      expect(await orderStatus(client, orders[status])).toBe(status);
    },
  );

  it.each(['waitbuyerpay', 'waitsellersend', 'success', 'cancel'] as Status[])(
    'confirmReceipt on a %s order answers code 1009 with ORDER_STATUS_ERROR',
    async (status) => {
      const ids = await entryIds(client, orders[status]);
      const answer = await client.POST(
        RECEIPT_PATH as never,
        { body: { orderId: orders[status], orderEntryIds: ids } } as never,
      );
      const envelope =
        (answer as { error?: { envelope?: unknown }; data?: unknown }).data ??
        (answer as { error?: { envelope?: unknown } }).error?.envelope;
      expect(envelope).toMatchObject({
        code: 1009,
        data: { result: { success: false, errorCode: 'ORDER_STATUS_ERROR' } },
      });
      expect(await orderStatus(client, orders[status])).toBe(status);
    },
  );

  it.each(['waitbuyerpay', 'waitbuyerreceive', 'success', 'cancel'] as Status[])(
    'the control API refuses to ship a %s order with 409 and changes nothing',
    async (status) => {
      const answer = await sandbox.control<{ error: string }>('POST', `orders/${orders[status]}/ship`);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toContain('waitsellersend');
      expect(await orderStatus(client, orders[status])).toBe(status);
    },
  );

  it('refuses to cancel an order within 10 seconds of its creation (CLOSE_ORDER_TOO_FAST)', async () => {
    const orderId = await createOrder(client);
    const { data } = await client.POST('/alibaba/trade/cancel', {
      body: { orderId, webSite: '1688', cancelReason: 'buyerCancel' },
    });
    expect(data?.data).toMatchObject({ success: false, errorCode: 'CLOSE_ORDER_TOO_FAST' });
    expect(await orderStatus(client, orderId)).toBe('waitbuyerpay');
  });

  it('answers ORDER_NOT_EXIST for an order id the app does not have, in every order operation', async () => {
    const unknown = '2299999999999999999';
    expect((await prepare(unknown)).data).toMatchObject({ success: false, code: 'ORDER_NOT_EXIST' });
    const cancel = await client.POST('/alibaba/trade/cancel', {
      body: { orderId: unknown, webSite: '1688', cancelReason: 'buyerCancel' },
    });
    expect(cancel.data?.data).toMatchObject({ success: false, errorCode: 'ORDER_NOT_EXIST' });
    const detail = await client.POST('/alibaba/trade/get/buyerView', {
      body: { orderId: unknown, webSite: '1688' },
    });
    const envelope = detail.data ?? (detail.error as { envelope?: unknown } | undefined)?.envelope;
    expect(JSON.stringify(envelope)).toContain('ORDER_NOT_EXIST');
    expect(await payOrder(client, { orderId: unknown })).toMatchObject({ status: 'failed' });
  });

  it('answers every refusal in the shape the spec gives', () => {
    for (const exchange of sandbox.exchanges.filter((e) => e.status === 200)) {
      expect(
        responseErrors(exchange.method, exchange.path, exchange.text),
        `${exchange.path} ${exchange.text.slice(0, 200)}`,
      ).toEqual([]);
    }
  });
});
