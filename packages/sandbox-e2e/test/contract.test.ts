// A scripted flow through every operation the sandbox answers — successes, refusals and faults — with
// every answer and every push checked against the bundled spec.
import { payOrder } from '@daji-openapi/retry-policies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushErrors, RECEIPT_PATH, responseErrors } from './support/contract.js';
import {
  address,
  app,
  createOrder,
  EXAMPLE_OFFER,
  EXAMPLE_SPEC,
  eventually,
  orderOf,
  type Receiver,
  type Sandbox,
  startReceiver,
  startSandbox,
} from './support/sandbox.js';

describe('the sandbox keeps the spec’s contract', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  beforeAll(async () => {
    sandbox = await startSandbox({ verifySignature: app, sandbox: { push: { firstRetryMs: 20 } } });
    receiver = await startReceiver();
    await sandbox.control('PUT', 'push-target', { url: receiver.url });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('validates every answer and push of a scripted flow', async () => {
    // The client's own 30 s timeout: no call here is meant to go unanswered.
    const client = sandbox.client();
    await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: 'dress', beginPage: 2, pageSize: 5, country: 'en' } },
    });
    await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: 'no-such-thing', beginPage: 1, pageSize: 50, country: 'en' } },
    });
    await client.GET('/alibaba/product/imageQuery', {
      params: { query: { imageId: '1723633532159012345', beginPage: 1, pageSize: 10, country: 'en' } },
    } as never);
    const shop = await client.GET('/alibaba/product/queryProductDetail', {
      params: { query: { offerId: EXAMPLE_OFFER, country: 'en' } },
    });
    await client.GET('/alibaba/product/shopQuery', {
      params: {
        query: {
          sellerOpenId: String(shop.data?.data?.sellerOpenId),
          beginPage: 1,
          pageSize: 20,
          country: 'en',
        },
      },
    } as never);
    await client.GET('/alibaba/product/queryProductDetail', {
      params: { query: { offerId: 1, country: 'en' } },
    });
    await client.POST('/alibaba/product/freightEstimate', {
      body: {
        offerId: EXAMPLE_OFFER,
        toProvinceCode: '330000',
        toCityCode: '330100',
        toCountryCode: '330106',
        totalNum: 40,
        logisticsSkuNumModels: [{ skuId: '5012345678901', number: 40 }],
      },
    });
    const hot = await client.GET('/alibaba/product/topListQuery', {
      params: { query: { rankId: '1038378', rankType: 'hot', limit: 5, language: 'en' } },
    });
    const top = hot.data?.data?.rankProductModels?.[0]?.itemId;
    expect(top).toBeDefined();
    const day = (offset: number) =>
      new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll('-', '');
    await client.GET('/alibaba/product/getPerdaySellQuantityTrend', {
      params: { query: { offerId: Number(top), startDate: day(-7), endDate: day(0) } },
    });
    await client.GET('/alibaba/product/getPerdaySellQuantityTrend', {
      params: { query: { offerId: 1, startDate: day(-7), endDate: day(-1) } },
    });
    await client.POST('/alibaba/createOrder/preview', {
      body: {
        addressParam: address,
        cargoParamList: [{ offerId: EXAMPLE_OFFER, specId: EXAMPLE_SPEC, quantity: 4 }],
        flow: 'general',
      },
    });
    await client.POST('/alibaba/createOrder/preview', {
      body: {
        addressParam: address,
        cargoParamList: [{ offerId: EXAMPLE_OFFER, specId: 'ffffffffffffffffffffffffffffffff', quantity: 4 }],
        flow: 'general',
      },
    });
    await client.POST('/alibaba/trade/createCrossOrder', {
      body: {
        addressParam: address,
        cargoParamList: [{ offerId: 999, quantity: 1 }],
        flow: 'general',
        thirdOrderId: 'bad-offer',
      },
    });
    await client.POST('/alibaba/trade/createCrossOrder', {
      body: {
        addressParam: address,
        cargoParamList: [{ offerId: EXAMPLE_OFFER, specId: EXAMPLE_SPEC, quantity: 1_000_000 }],
        flow: 'general',
        thirdOrderId: 'too-many',
      },
    });

    const paid = await createOrder(client);
    const unpaid = await createOrder(client);
    const other = await createOrder(client);
    await client.GET('/alibaba/alipay/url/get', {
      params: { query: { orderIdList: `[${paid},${unpaid}]` } },
    } as never);
    await sandbox.control('POST', 'faults', {
      operation: 'preparePay',
      kind: 'debit-then-error',
      orderId: paid,
    });
    await payOrder(client, { orderId: paid, baseDelayMs: 5 });
    await sandbox.control('POST', 'faults', { operation: 'preparePay', kind: 'not-enabled', orderId: other });
    await payOrder(client, { orderId: other });
    await client.GET('/alibaba/alipay/url/get', {
      params: { query: { orderIdList: `["${paid}"]` } },
    } as never);
    await sandbox.control('POST', 'clock/advance', { hours: 0.01 });
    await client.POST('/alibaba/trade/cancel', {
      body: { orderId: unpaid, webSite: '1688', cancelReason: 'buyerCancel', remark: 'changed my mind' },
    });
    await client.POST('/alibaba/trade/cancel', {
      body: { orderId: paid, webSite: '1688', cancelReason: 'buyerCancel' },
    });
    await sandbox.control('POST', 'clock/advance', { hours: 48 });
    const detail = await client.POST('/alibaba/trade/get/buyerView', {
      body: { orderId: paid, webSite: '1688' },
    });
    const entries = orderOf(detail.data).productItems.map((i) => String(i.subItemIDString));
    await client.POST(
      RECEIPT_PATH as never,
      { body: { orderId: paid, orderEntryIds: ['2200000000000000001'] } } as never,
    );
    await client.POST(RECEIPT_PATH as never, { body: { orderId: paid, orderEntryIds: entries } } as never);
    await client.POST('/alibaba/trade/get/buyerView', { body: { orderId: unpaid, webSite: '1688' } });
    await sandbox.control('POST', 'clock/advance', { hours: 24 });
    await client.POST('/alibaba/trade/get/buyerView', { body: { orderId: other, webSite: '1688' } });

    const operations = new Set(sandbox.exchanges.map((e) => e.path));
    expect(operations.size).toBeGreaterThanOrEqual(14);
    for (const exchange of sandbox.exchanges) {
      expect(exchange.status, exchange.path).toBe(200);
      expect(
        responseErrors(exchange.method, exchange.path, exchange.text),
        `${exchange.path}: ${exchange.text.slice(0, 300)}`,
      ).toEqual([]);
    }

    // 3 created, 1 paid, 1 shipped, 2 for the receipt, 1 cancelled by the buyer, 1 closed unpaid.
    await eventually(() => receiver.bodies.length === 9, 'nine pushes');
    const topics = new Set<string>();
    for (const body of receiver.bodies) {
      expect(pushErrors(body)).toEqual([]);
      topics.add(JSON.parse(new URLSearchParams(body).get('message') ?? '{}').type);
    }
    expect(topics.size).toBe(7);
  });
});
