import { describe, expect, it } from 'vitest';
import { specChecks } from '../../src/spec-checks.js';
import { createObservedClient, envelope, json } from '../helpers/observed-client.js';

const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;

// The same rules whether the client runs them by default or a caller passes `checks: specChecks`
// from the compatibility entry.
describe.each([
  ['by default', {}],
  ['with checks: specChecks', { checks: specChecks }],
])('client-side checks (the spec’s rules, %s)', (_, chosen) => {
  const setup = (options = {}) =>
    createObservedClient({ ...chosen, ...options }, () => json(envelope({ data: [] })));

  it.each([
    [
      { pageSize: 0 },
      RangeError,
      /keywordSearch: query\.pageSize is 0; Daji accepts an integer from 1 to 50/,
    ],
    [{ pageSize: 51 }, RangeError, /query\.pageSize is 51/],
    [{ pageSize: 2.5 }, RangeError, /query\.pageSize is 2\.5; Daji accepts an integer from 1 to 50/],
    [
      { beginPage: 0 },
      RangeError,
      /keywordSearch: query\.beginPage is 0; Daji accepts an integer of at least 1/,
    ],
    [
      { keyword: '  ' },
      TypeError,
      /keywordSearch: query\.keyword is " {2}"; pass a non-empty \(Chinese\) search keyword/,
    ],
    [{ keyword: undefined }, TypeError, /keywordSearch: query\.keyword is missing; Daji requires it/],
  ])('refuses %j before sending', async (change, kind, message) => {
    const { client, requests } = setup();
    const call = client.GET('/alibaba/product/keywordQuery', {
      params: { query: { ...query, ...change } as typeof query },
    });
    await expect(call).rejects.toThrow(kind);
    await expect(call).rejects.toThrow(message);
    expect(requests).toHaveLength(0);
  });

  it('accepts the limits themselves', async () => {
    const { client, requests } = setup();
    await client.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, pageSize: 50 } } });
    await client.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, pageSize: 1 } } });
    expect(requests).toHaveLength(2);
  });

  it('wants order ids as digit strings, never numbers', async () => {
    const { client, requests } = setup();
    await expect(
      client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
        body: { orderId: 2237938826932135000 as unknown as string },
      }),
    ).rejects.toThrow(/preparePay: body\.orderId is a number .*pass ids as digit strings/);
    await expect(
      client.POST('/alibaba/trade/cancel', {
        body: { orderId: 'A-17', webSite: '1688', cancelReason: 'buyerCancel' },
      }),
    ).rejects.toThrow(/cancelOrder: body\.orderId is "A-17"; Daji accepts text matching \^\\d\{1,20\}\$/);
    await expect(
      client.POST('/alibaba/trade/receiveGoods/confirm', {
        body: { orderId: '2257164624870311973', orderEntryIds: ['1', 'x'] },
      }),
    ).rejects.toThrow(/confirmReceipt: body\.orderEntryIds\[1\] is "x"; Daji accepts text matching/);
    expect(requests).toHaveLength(0);
  });

  it('allows at most 30 order ids per payment-links call, as the wiki says, in array or JSON-text form', async () => {
    const { client, requests } = setup();
    const ids = Array.from({ length: 31 }, (_, i) => String(2257164624870311000n + BigInt(i)));
    await expect(
      client.GET('/alibaba/alipay/url/get', { params: { query: { orderIdList: ids } } }),
    ).rejects.toThrow(/getPaymentLinks: query\.orderIdList has 31 ids; Daji accepts at most 30 per call/);
    await expect(
      client.GET('/alibaba/alipay/url/get', { params: { query: { orderIdList: JSON.stringify(ids) } } }),
    ).rejects.toThrow(RangeError);
    await client.GET('/alibaba/alipay/url/get', { params: { query: { orderIdList: ids.slice(0, 30) } } });
    expect(requests).toHaveLength(1);
  });

  it('refuses ids that are not ids: offerId "oops", specId "zzz", freight offerId "not-an-id"', async () => {
    const { client, requests } = setup();
    const address = { fullName: '张三', address: '文三路 100 号' };
    const line = { offerId: 670291644950, specId: 'b6f1d2c3a4e5f60718293a4b5c6d7e8f', quantity: 2 };
    const order = (patch: Record<string, unknown>) =>
      client.POST('/alibaba/trade/createCrossOrder', {
        body: { flow: 'general', addressParam: address, cargoParamList: [{ ...line, ...patch }] as never },
      });
    await expect(order({ offerId: 'oops' })).rejects.toThrow(
      /createOrder: body\.cargoParamList\[0\]\.offerId is "oops"; Daji accepts integer only/,
    );
    await expect(order({ specId: 'zzz' })).rejects.toThrow(
      /createOrder: body\.cargoParamList\[0\]\.specId is "zzz"; Daji accepts text matching \^\[0-9a-fA-F\]\{32\}\$/,
    );
    await expect(
      client.POST('/alibaba/product/freightEstimate', {
        body: {
          offerId: 'not-an-id' as never,
          toProvinceCode: '330000',
          toCityCode: '330100',
          toCountryCode: '330108',
          totalNum: 5,
          logisticsSkuNumModels: [{ skuId: '5012345678901', number: 5 }],
        },
      }),
    ).rejects.toThrow(/estimateFreight: body\.offerId is "not-an-id"; Daji accepts integer only/);
    await order({});
    expect(requests).toHaveLength(1);
  });

  it.each([
    [
      '/alibaba/trade/createCrossOrder',
      'createOrder',
      { flow: 'general', addressParam: {}, cargoParamList: [{ offerId: 1, quantity: 1 }] },
    ],
    [
      '/alibaba/createOrder/preview',
      'previewOrder',
      { addressParam: {}, cargoParamList: [{ offerId: 1, quantity: 1 }] },
    ],
    ['/alibaba/trade/cancel', 'cancelOrder', { orderId: '2257164624870311973', cancelReason: 'buyerCancel' }],
    ['/alibaba/trade/get/buyerView', 'getOrderDetail', { orderId: '2257164624870311973' }],
    ['/alibaba/trade/getBuyerOrderList', 'listBuyerOrders', { page: 1 }],
    [
      '/alibaba/trade/receiveGoods/confirm',
      'confirmReceipt',
      { orderId: '2257164624870311973', orderEntryIds: ['1'] },
    ],
    ['/alibaba/trade/pay/protocolPay/preparePay', 'preparePay', { orderId: '2257164624870311973' }],
  ])('refuses a misspelt outOrderID in %s before sending, naming it', async (path, id, body) => {
    const { client, requests } = setup();
    const call = client.POST(path as '/alibaba/trade/cancel', {
      body: { ...body, outOrderID: 'T1' } as never,
    });
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(`${id}: body.outOrderID is not a field Daji knows here`);
    expect(requests).toHaveLength(0);
  });

  it('image search needs imageId or imageAddress', async () => {
    const { client, requests } = setup();
    const paging = { beginPage: 1, pageSize: 20, country: 'en' } as const;
    await expect(client.GET('/alibaba/product/imageQuery', { params: { query: paging } })).rejects.toThrow(
      /imageSearch: query\.imageId is missing.* Or: imageSearch: query\.imageAddress is missing/,
    );
    await client.GET('/alibaba/product/imageQuery', {
      params: { query: { ...paging, imageId: '1048608196202797156' } },
    });
    expect(requests).toHaveLength(1);
  });

  it('can be switched off, so a request Daji would refuse reaches Daji', async () => {
    const { client, requests } = setup({ clientChecks: false });
    await client.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, pageSize: 80 } } });
    expect(new URL(requests[0]!.url).searchParams.get('pageSize')).toBe('80');
  });
});
