// The README's examples, compiled: if the API or the spec changes under them, this file fails.
import { describe, expectTypeOf, it } from 'vitest';
import { createDajiClient, paginate, unwrap } from '../../src/index.js';

describe('README examples', () => {
  it('compile as written', async () => {
    const daji = createDajiClient({ appKey: 'demoKey123', appSecret: 'demoSecret456' });

    const page = await unwrap(
      daji.GET('/alibaba/product/keywordQuery', {
        params: {
          query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en', sort: { price: 'asc' } },
        },
      }),
    );
    for (const item of page.data)
      expectTypeOf(item.priceInfo?.price).toEqualTypeOf<string | null | undefined>();

    const orderId = '2257164624870311973';
    const { data, error } = await daji.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId },
    });
    if (error) expectTypeOf(error.traceId).toEqualTypeOf<string | undefined>();
    else expectTypeOf(data.data?.result?.paySuccess).toEqualTypeOf<boolean | null | undefined>();

    const pages = paginate(
      daji,
      'keywordSearch',
      { keyword: '连衣裙', pageSize: 50, country: 'en' },
      { maxItems: 200 },
    );
    for await (const item of pages) {
      expectTypeOf(pages.page?.traceId).toEqualTypeOf<string | undefined>();
      expectTypeOf(item.offerId).toEqualTypeOf<string | number>();
    }
  });
});
