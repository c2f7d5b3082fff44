import { describe, expectTypeOf, it } from 'vitest';
import type { webhooks as GeneratedWebhooks } from '../../src/generated/daji.js';
import {
  type components,
  createDajiClient,
  type DajiClient,
  type DajiError,
  type DataOf,
  type EnvelopeOf,
  type GeneratedPaths,
  paginate,
  type QueryOf,
  unwrap,
  type webhooks,
} from '../../src/index.js';

declare const daji: DajiClient<false>;
declare const strict: DajiClient<true>;
const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;

describe('inputs', () => {
  it('compiles calls without credentials, for GET and POST', () => {
    daji.GET('/alibaba/product/keywordQuery', { params: { query } });
    daji.GET('/alibaba/product/queryProductDetail', {
      params: { query: { offerId: 670291644950, country: 'en' } },
    });
    daji.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: '2257164624870311973' } });
    daji.POST('/alibaba/trade/cancel', {
      body: { orderId: '2257164624870311973', webSite: '1688', cancelReason: 'buyerCancel' },
    });
  });

  it('rejects credentials passed by the caller', () => {
    // @ts-expect-error appKey is added by the client
    daji.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, appKey: 'k' } } });
    // @ts-expect-error sign is computed by the client
    daji.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: '1', sign: 'ABC' } });
    expectTypeOf<QueryOf<'keywordSearch'>>().not.toHaveProperty('appSecret');
  });

  it('rejects missing, misspelt and mistyped parameters', () => {
    const noKeyword = { beginPage: 1, pageSize: 20, country: 'en' } as const;
    // @ts-expect-error keyword is required
    daji.GET('/alibaba/product/keywordQuery', { params: { query: noKeyword } });
    // @ts-expect-error keyWord is not a parameter (keyword is)
    daji.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, keyWord: '裙' } } });
    // @ts-expect-error orderID is not a field (orderId is)
    daji.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: '1', orderID: '1' } });
    // @ts-expect-error pageSize is a number
    daji.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, pageSize: '20' } } });
    // @ts-expect-error the query is required for keyword search
    daji.GET('/alibaba/product/keywordQuery');
    // @ts-expect-error order ids are strings, never numbers
    daji.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: 2257164624870 } });
    const notAReason = { orderId: '1', webSite: '1688', cancelReason: 'changedMyMind' } as const;
    // @ts-expect-error cancelReason is an enum
    daji.POST('/alibaba/trade/cancel', { body: notAReason });
    // @ts-expect-error no such path
    daji.GET('/alibaba/product/search', {});
    // @ts-expect-error preparePay is a POST
    daji.GET('/alibaba/trade/pay/protocolPay/preparePay', {});
  });

  it('gives every id in a request one type: offer and category ids are numbers, spec and order ids text', () => {
    const address = { fullName: '张三', address: '文三路 100 号' };
    const line = { offerId: 670291644950, specId: 'b6f1d2c3a4e5f60718293a4b5c6d7e8f', quantity: 2 };
    daji.POST('/alibaba/trade/createCrossOrder', {
      body: { flow: 'general', addressParam: address, cargoParamList: [line] },
    });
    const textOffer = [{ ...line, offerId: '670291644950' }];
    daji.POST('/alibaba/trade/createCrossOrder', {
      // @ts-expect-error an offer id in a request is a number, as Daji's tables and examples send it
      body: { flow: 'general', addressParam: address, cargoParamList: textOffer },
    });
    daji.POST('/alibaba/trade/createCrossOrder', {
      // @ts-expect-error outOrderID is not a field (thirdOrderId is)
      body: { flow: 'general', addressParam: address, cargoParamList: [line], outOrderID: 'T1' },
    });
    // @ts-expect-error categoryId and categoryID are numbers in every request
    daji.GET('/alibaba/category/get', { params: { query: { categoryID: '0' } } });
    expectTypeOf<QueryOf<'keywordSearch'>['categoryId']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<QueryOf<'getCategory'>['categoryID']>().toEqualTypeOf<number>();
  });

  it('keeps the schema names used before the renames, as deprecated aliases', () => {
    type Schemas = components['schemas'];
    expectTypeOf<Schemas['CreateOrderResponse']>().toEqualTypeOf<Schemas['OrderCreationResponse']>();
    expectTypeOf<Schemas['CancelOrderRequest']>().toEqualTypeOf<Schemas['OrderCancellationRequest']>();
    expectTypeOf<Schemas['PreparePayResponse']>().toEqualTypeOf<Schemas['ProtocolPayResponse']>();
    expectTypeOf<Schemas['OrderCreationResponse']>().toEqualTypeOf<EnvelopeOf<'createOrder'>>();
  });

  it('accepts the friendlier forms the client serializes', () => {
    daji.GET('/alibaba/product/keywordQuery', {
      params: { query: { ...query, sort: { price: 'asc' }, filter: ['jxhy'] } },
    });
    daji.GET('/alibaba/alipay/url/get', { params: { query: { orderIdList: ['2257164624870311973'] } } });
    daji.POST('/alibaba/upload/image', { body: { image_base64: new Uint8Array() } });
    daji.POST('/alibaba/upload/image', { body: { image_base64: new Blob() } });
    // @ts-expect-error sort has one of three keys
    daji.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, sort: { rating: 'asc' } } } });
    // @ts-expect-error a picture is bytes, a Blob or base64 text
    daji.POST('/alibaba/upload/image', { body: { image_base64: 42 } });
  });

  it('takes a per-call timeout and signal', () => {
    daji.GET('/alibaba/product/keywordQuery', {
      params: { query },
      timeoutMs: 5_000,
      signal: AbortSignal.timeout(1),
    });
    // @ts-expect-error timeoutMs is a number of milliseconds
    daji.GET('/alibaba/product/keywordQuery', { params: { query }, timeoutMs: '5s' });
  });

  it('leaves the spec types themselves untouched: the wire format needs the credentials', () => {
    type WireQuery = NonNullable<
      GeneratedPaths['/alibaba/product/keywordQuery']['get']['parameters']['query']
    >;
    expectTypeOf<WireQuery['appKey']>().toEqualTypeOf<string>();
    expectTypeOf<WireQuery['sign']>().toEqualTypeOf<string>();
    expectTypeOf<webhooks>().toEqualTypeOf<GeneratedWebhooks>();
  });

  it('validates client options at the type level too', () => {
    // @ts-expect-error appSecret is required
    createDajiClient({ appKey: 'k' });
    // @ts-expect-error credentials is 'sign' or 'debug-secret'
    createDajiClient({ appKey: 'k', appSecret: 's', credentials: 'plain' });
  });
});

describe('outputs', () => {
  it('types the envelope and the payload of each operation', async () => {
    const result = await daji.GET('/alibaba/product/keywordQuery', { params: { query } });
    if (result.error) {
      expectTypeOf(result.error).toEqualTypeOf<DajiError>();
      return;
    }
    expectTypeOf(result.data.code).toEqualTypeOf<number>();
    expectTypeOf(result.data.traceId).toEqualTypeOf<string>();
    const page = result.data.data;
    expectTypeOf(page).toEqualTypeOf<DataOf<'keywordSearch'> | null>();
    expectTypeOf<DataOf<'keywordSearch'>['totalPage']>().toEqualTypeOf<number>();
    expectTypeOf<DataOf<'keywordSearch'>['data'][number]['subject']>().toBeString();
  });

  it('unwrap hands back the payload type', async () => {
    const upload = await unwrap(
      daji.POST('/alibaba/upload/image', { body: { image_base64: 'iVBORw0KGgo=' } }),
    );
    expectTypeOf(upload.imageId).toEqualTypeOf<string>();
    const pay = await unwrap(
      daji.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: '1' } }),
    );
    expectTypeOf(pay).toEqualTypeOf<DataOf<'preparePay'>>();
  });

  it('with throwOnError the result is always the success shape', async () => {
    const { data, error } = await strict.GET('/alibaba/category/get', {
      params: { query: { categoryID: 0 } },
    });
    expectTypeOf(error).toEqualTypeOf<undefined>();
    expectTypeOf(data.code).toEqualTypeOf<number>();
    expectTypeOf(createDajiClient({ appKey: 'k', appSecret: 's', throwOnError: true })).toEqualTypeOf<
      DajiClient<true>
    >();
    expectTypeOf(createDajiClient({ appKey: 'k', appSecret: 's' })).toEqualTypeOf<DajiClient<false>>();
  });

  it('paginate yields the search items', async () => {
    for await (const item of paginate(daji, 'keywordSearch', {
      keyword: '连衣裙',
      pageSize: 50,
      country: 'en',
    })) {
      expectTypeOf(item).toEqualTypeOf<DataOf<'keywordSearch'>['data'][number]>();
    }
    // @ts-expect-error shopSearch needs sellerOpenId
    paginate(daji, 'shopSearch', { pageSize: 20, country: 'en' });
  });
});
