import { payOrder } from '@daji-openapi/retry-policies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIPT_PATH, responseErrors } from './support/contract.js';
import {
  address,
  app,
  createOrder,
  EXAMPLE_OFFER,
  EXAMPLE_SPEC,
  findOrderId,
  orderOf,
  orderStatus,
  type Sandbox,
  startSandbox,
} from './support/sandbox.js';

describe('an order from search to receipt, through the real client', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ verifySignature: app });
  });
  afterAll(() => sandbox.close());

  it('keeps the same product, prices and order in every answer, and every answer follows the spec', async () => {
    const client = sandbox.client();
    const search = await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } },
    });
    const hit = search.data?.data?.data?.find((p) => String(p.offerId) === String(EXAMPLE_OFFER));
    expect(hit?.subject).toBeTruthy();

    const detail = await client.GET('/alibaba/product/queryProductDetail', {
      params: { query: { offerId: EXAMPLE_OFFER, country: 'en' } },
    });
    const product = detail.data?.data;
    expect(product?.subject).toBe(hit?.subject);
    const sku = product?.productSkuInfos?.find((s) => s.specId === EXAMPLE_SPEC);
    expect(sku?.price).toBe(hit?.priceInfo?.price);

    const freight = await client.POST('/alibaba/product/freightEstimate', {
      body: {
        offerId: EXAMPLE_OFFER,
        toProvinceCode: '330000',
        toCityCode: '330100',
        toCountryCode: '330106',
        totalNum: 3,
        logisticsSkuNumModels: [{ skuId: String(sku?.skuId), number: 3 }],
      },
    });
    const freightFen = Math.round(Number(freight.data?.data?.freight) * 100);

    const cargo = [{ offerId: EXAMPLE_OFFER, specId: EXAMPLE_SPEC, quantity: 3 }];
    const preview = await client.POST('/alibaba/createOrder/preview', {
      body: { addressParam: address, cargoParamList: cargo, flow: 'general' },
    });
    const previewed = preview.data?.data?.orderPreviewResuslt?.[0];
    const unitFen = Math.round(Number(sku?.price) * 100);
    expect(previewed?.sumPaymentNoCarriage).toBe(unitFen * 3);
    expect(previewed?.sumCarriage).toBe(freightFen);

    const created = await client.POST('/alibaba/trade/createCrossOrder', {
      body: { addressParam: address, cargoParamList: cargo, flow: 'general', thirdOrderId: 'shop-0001' },
    });
    const orderId = findOrderId(created.data)!;
    expect(orderId).toMatch(/^\d{19}$/);
    // Sent as a bare JSON number, as Daji does; the client keeps every digit.
    const createdText = sandbox.exchanges.at(-1)!.text;
    expect(createdText).toContain(`"orderId":${orderId}`);

    const placed = orderOf(
      (await client.POST('/alibaba/trade/get/buyerView', { body: { orderId, webSite: '1688' } })).data,
    );
    expect(placed.baseInfo.idOfStr).toBe(orderId);
    expect(placed.baseInfo.status).toBe('waitbuyerpay');
    expect(placed.baseInfo.totalAmount).toBe((previewed!.sumPayment as number) / 100);
    expect(placed.baseInfo.outOrderId).toBe('shop-0001');
    expect(placed.productItems.map((i) => [String(i.productID), i.specId, i.quantity])).toEqual([
      [String(EXAMPLE_OFFER), EXAMPLE_SPEC, 3],
    ]);

    const paid = await payOrder(client, { orderId });
    expect(paid).toMatchObject({ status: 'paid', reason: 'pay-succeeded', attempts: 1 });
    expect(await orderStatus(client, orderId)).toBe('waitsellersend');
    const ledger = await sandbox.control<{ debits: { orderId: string; amount: number; channel: string }[] }>(
      'GET',
      'ledger',
    );
    expect(ledger.body.debits).toEqual([
      expect.objectContaining({ orderId, amount: previewed!.sumPayment, channel: 'alipay' }),
    ]);

    const shipped = await sandbox.control('POST', `orders/${orderId}/ship`);
    expect(shipped.status).toBe(200);
    const inTransit = orderOf(
      (await client.POST('/alibaba/trade/get/buyerView', { body: { orderId, webSite: '1688' } })).data,
    );
    expect(inTransit.baseInfo.status).toBe('waitbuyerreceive');
    const parcel = (inTransit.nativeLogistics?.logisticsItems as Record<string, unknown>[] | undefined)?.[0];
    expect(parcel?.logisticsCompanyName).toBeTruthy();
    expect(parcel?.logisticsBillNo).toBeTruthy();

    const entryIds = inTransit.productItems.map((i) => String(i.subItemIDString));
    const receipt = await client.POST(
      RECEIPT_PATH as never,
      { body: { orderId, orderEntryIds: entryIds } } as never,
    );
    expect((receipt as { data?: { code?: number } }).data?.code).toBe(200);
    expect(await orderStatus(client, orderId)).toBe('success');

    for (const exchange of sandbox.exchanges) {
      expect(exchange.status, `${exchange.path} ${exchange.text.slice(0, 300)}`).toBe(200);
      expect(responseErrors(exchange.method, exchange.path, exchange.text), exchange.path).toEqual([]);
    }
  });

  it('ships a paid order 48 sandbox hours after payment and confirms it 10 days after shipping', async () => {
    const client = sandbox.client();
    const orderId = await createOrder(client);
    await payOrder(client, { orderId });
    await sandbox.control('POST', 'clock/advance', { hours: 47 });
    expect(await orderStatus(client, orderId)).toBe('waitsellersend');
    await sandbox.control('POST', 'clock/advance', { hours: 1 });
    expect(await orderStatus(client, orderId)).toBe('waitbuyerreceive');
    await sandbox.control('POST', 'clock/advance', { hours: 10 * 24 });
    expect(await orderStatus(client, orderId)).toBe('success');
  });

  it('closes an order left unpaid for 24 sandbox hours, and it can no longer be paid', async () => {
    const client = sandbox.client();
    const orderId = await createOrder(client);
    await sandbox.control('POST', 'clock/advance', { hours: 24 });
    expect(await orderStatus(client, orderId)).toBe('cancel');
    const outcome = await payOrder(client, { orderId });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'order-closed' });
    const ledger = await sandbox.control<{ debits: { orderId: string }[] }>('GET', 'ledger');
    expect(ledger.body.debits.filter((d) => d.orderId === orderId)).toEqual([]);
  });
});
