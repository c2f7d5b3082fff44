// One catalogue behind search, detail, freight, preview and order creation; a user's catalogue file is
// checked entry by entry.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueError, startMockServer } from '../../src/index.js';
import { app, send, signed } from '../support/requests.js';
import { tempDir } from '../support/temp-dir.js';
import { startSandbox } from './support.js';

const dir = tempDir('daji-catalogue-');
// 1688 spec ids are 32 hex characters; order calls refuse anything else.
const BLUE = 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1';
const RED = 'eded0000eded0000eded0000eded0000';
const own = {
  products: [
    {
      offerId: 123456789012,
      subject: '测试水杯',
      subjectTrans: 'test mug',
      minOrderQuantity: 3,
      weightKg: 0.4,
      firstFee: '6.00',
      nextFee: '2.50',
      skus: [
        {
          specId: BLUE,
          skuId: 1234567890121,
          price: '12.50',
          stock: 10,
          attributes: [{ name: '颜色', value: '蓝色' }],
        },
        { specId: RED, skuId: 1234567890122, price: 13, stock: 0 },
      ],
    },
  ],
};

describe('catalogue', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    const file = join(dir, 'catalogue.json');
    writeFileSync(file, JSON.stringify(own));
    sandbox = await startSandbox({ sandbox: { catalogue: file } });
  });
  afterAll(() => sandbox.mock.close());

  it('shows the same offer the same way in search, detail, freight, preview and order', async () => {
    const search = JSON.parse(
      (
        await sandbox.daji('get', '/alibaba/product/keywordQuery', {
          keyword: 'mug',
          beginPage: 1,
          pageSize: 20,
          country: 'en',
        })
      ).text,
    );
    expect(search.data.data).toEqual([
      expect.objectContaining({
        offerId: 123456789012,
        subject: '测试水杯',
        subjectTrans: 'test mug',
        priceInfo: expect.objectContaining({ price: '12.50' }),
      }),
    ]);

    const detail = JSON.parse(
      (
        await sandbox.daji('get', '/alibaba/product/queryProductDetail', {
          offerId: '123456789012',
          country: 'en',
        })
      ).text,
    ).data;
    expect(detail).toMatchObject({ offerId: 123456789012, subject: '测试水杯', minOrderQuantity: 3 });
    expect(
      detail.productSkuInfos.map((s: Record<string, unknown>) => [
        s.specId,
        s.skuId,
        s.price,
        s.amountOnSale,
      ]),
    ).toEqual([
      [BLUE, 1234567890121, '12.50', 10],
      [RED, 1234567890122, '13.00', 0],
    ]);

    // 5 units of 0.4 kg = 2 kg: first kg 6.00, one more kg 2.50.
    const freight = JSON.parse(
      (
        await sandbox.daji('post', '/alibaba/product/freightEstimate', {
          offerId: 123456789012,
          toProvinceCode: '330000',
          toCityCode: '330100',
          toCountryCode: '330106',
          totalNum: 5,
          logisticsSkuNumModels: [{ skuId: '1234567890121', number: 5 }],
        })
      ).text,
    ).data;
    expect(freight.freight).toBe('8.50');

    const preview = JSON.parse(
      (
        await sandbox.daji('post', '/alibaba/createOrder/preview', {
          flow: 'general',
          addressParam: {
            fullName: 'a',
            mobile: '1',
            postCode: '310000',
            provinceText: 'p',
            cityText: 'c',
            areaText: 'a',
            address: 'x',
          },
          cargoParamList: [{ offerId: 123456789012, specId: BLUE, quantity: 5 }],
        })
      ).text,
    ).data.orderPreviewResuslt[0];
    expect(preview).toMatchObject({ sumPaymentNoCarriage: 6250, sumCarriage: 850, sumPayment: 7100 });

    const created = await sandbox.createOrder('123456789012', BLUE, 5);
    expect(created.text).toContain('"totalSuccessAmount":7100');
  });

  it("takes each order's units out of its app's stock, gives a closed order's back, and leaves other apps' alone", async () => {
    const file = join(dir, 'stock.json');
    writeFileSync(file, JSON.stringify(own));
    const box = await startSandbox({ sandbox: { catalogue: file } });
    try {
      const other = { appKey: 'otherKey123', appSecret: 'otherSecret456' };
      const stockOf = async (credentials = app) => {
        const params = signed({ offerId: '123456789012', country: 'en' }, credentials);
        const response = await send(box.mock.url, 'get', '/alibaba/product/queryProductDetail', params);
        const data = JSON.parse(await response.text()).data;
        return [data.productSkuInfos[0].amountOnSale, data.productSaleInfo.amountOnSale];
      };
      expect(await stockOf()).toEqual([10, 10]);

      const first = await box.createOrder('123456789012', BLUE, 6);
      expect(first.orderId).toMatch(/^\d{19}$/);
      expect(await stockOf()).toEqual([4, 4]);
      expect(await stockOf(other)).toEqual([10, 10]);

      const second = await box.createOrder('123456789012', BLUE, 5);
      expect(second.orderId).toBeUndefined();
      expect(JSON.parse(second.text).data).toMatchObject({ success: false, code: 'STOCK_NOT_ENOUGH' });
      expect(second.text).toContain('has 4 in stock, 5 asked');
      // Daji does not document this code; the answer says it is the sandbox's inference.
      expect(second.text).toContain('inferred code');

      // Unpaid for 24 h, the order closes and its units return.
      expect((await box.control('POST', 'clock/advance', { hours: 25 })).status).toBe(200);
      expect(await stockOf()).toEqual([10, 10]);
      expect((await box.createOrder('123456789012', BLUE, 10)).orderId).toMatch(/^\d{19}$/);
    } finally {
      await box.mock.close();
    }
  });

  it.each([
    ['an unknown offer', '999', BLUE, 5, 'OFFER_NOT_EXIST'],
    ['an unknown spec', '123456789012', '9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e9e', 5, 'SPEC_NOT_EXIST'],
    ['a quantity below the MOQ', '123456789012', BLUE, 2, 'QUANTITY_LESS_THAN_MOQ'],
    ['a quantity above the stock', '123456789012', BLUE, 11, 'STOCK_NOT_ENOUGH'],
  ])('refuses an order with %s, naming the line', async (_name, offerId, specId, quantity, code) => {
    const { text, orderId } = await sandbox.createOrder(offerId, specId, quantity);
    expect(orderId).toBeUndefined();
    const data = JSON.parse(text).data;
    expect(data).toMatchObject({ success: false, code });
    expect(JSON.stringify(data)).toContain(`"errorCode":"${code}"`);
  });

  it.each([
    [{ products: [] }, /at least one product/],
    [{ products: [{ offerId: 1, subject: 'x', skus: [] }] }, /products\[0\]\.skus must be a non-empty array/],
    [
      {
        products: [
          { offerId: 1, subject: 'x', skus: [{ specId: BLUE, skuId: 2, price: '1.234', stock: 1 }] },
        ],
      },
      /products\[0\]\.skus\[0\]\.price must be a price in yuan with at most 2 decimals/,
    ],
    [
      {
        products: [
          { offerId: 1, subject: 'x', skus: [{ specId: 'mug-blue', skuId: 2, price: '1', stock: 1 }] },
        ],
      },
      /products\[0\]\.skus\[0\]\.specId must be 32 hexadecimal characters/,
    ],
    [
      { products: [{ offerId: 'abc', subject: 'x', skus: [] }] },
      /products\[0\]\.offerId must be a product id/,
    ],
    [{ products: [own.products[0], own.products[0]] }, /products\[1\]\.offerId 123456789012 appears twice/],
  ])('refuses a bad catalogue with an error naming the entry (%#)', async (catalogue, message) => {
    const file = join(dir, `bad-${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(catalogue));
    const start = startMockServer({ port: 0, mode: 'sandbox', sandbox: { catalogue: file } });
    await expect(start).rejects.toThrow(CatalogueError);
    await expect(start).rejects.toThrow(message);
  });

  it('loads the example catalogue of the sandbox guide', async () => {
    const guide = readFileSync(new URL('../../../../spec/guides/sandbox.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(guide)?.[1];
    expect(example).toBeDefined();
    const file = join(dir, 'guide.json');
    writeFileSync(file, example!);
    const fromGuide = await startSandbox({ sandbox: { catalogue: file } });
    try {
      const detail = JSON.parse(
        (
          await fromGuide.daji('get', '/alibaba/product/queryProductDetail', {
            offerId: '123456789012',
            country: 'en',
          })
        ).text,
      ).data;
      expect(detail).toMatchObject({ subject: '陶瓷马克杯', minOrderQuantity: 3, sellerOpenId: 'BBBmyShop' });
    } finally {
      await fromGuide.mock.close();
    }
  });

  it('gives the same seeded catalogue on every start', async () => {
    const other = await startSandbox();
    const again = await startSandbox();
    try {
      const page = async (s: typeof other) =>
        (
          await s.daji('get', '/alibaba/product/keywordQuery', {
            keyword: 'qqqq',
            beginPage: 1,
            pageSize: 50,
            country: 'en',
          })
        ).text.replace(/,"timestamp":\d+,"traceId":"\w+"/, '');
      expect(await page(other)).toBe(await page(again));
      expect(JSON.parse(await page(other)).data.data.map((p: { offerId: number }) => p.offerId)).toContain(
        670291644950,
      );
    } finally {
      await other.mock.close();
      await again.mock.close();
    }
  });
});
