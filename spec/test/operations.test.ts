import { describe, expect, it } from 'vitest';
import { type JsonObject, loadBundle, operations, resolve } from './support/spec.js';

const spec = loadBundle();
const paths = operations(spec).filter((o) => o.kind === 'path');

// The operations Daji's wiki names, and how sure the public evidence makes us of each (partial: documented
// except what the description's first line, "Inferred: …", names — see confidence.test.ts).
const expected = {
  uploadImage: ['post', '/alibaba/upload/image', 'documented'],
  uploadImageByGet: ['get', '/alibaba/upload/image', 'inferred'],
  imageSearch: ['get', '/alibaba/product/imageQuery', 'documented'],
  keywordSearch: ['get', '/alibaba/product/keywordQuery', 'documented'],
  getProductDetail: ['get', '/alibaba/product/queryProductDetail', 'documented'],
  shopSearch: ['get', '/alibaba/product/shopQuery', 'partial'],
  estimateFreight: ['post', '/alibaba/product/freightEstimate', 'documented'],
  getCategory: ['get', '/alibaba/category/get', 'documented'],
  searchNavigation: ['get', '/alibaba/product/keywordSNQuery', 'partial'],
  getRankingList: ['get', '/alibaba/product/topListQuery', 'inferred'],
  getDailySalesTrend: ['get', '/alibaba/product/getPerdaySellQuantityTrend', 'inferred'],
  previewOrder: ['post', '/alibaba/createOrder/preview', 'partial'],
  createOrder: ['post', '/alibaba/trade/createCrossOrder', 'partial'],
  cancelOrder: ['post', '/alibaba/trade/cancel', 'documented'],
  getOrderDetail: ['post', '/alibaba/trade/get/buyerView', 'partial'],
  listBuyerOrders: ['post', '/alibaba/trade/getBuyerOrderList', 'partial'],
  confirmReceipt: ['post', '/alibaba/trade/receiveGoods/confirm', 'partial'],
  getPaymentLinks: ['get', '/alibaba/alipay/url/get', 'partial'],
  preparePay: ['post', '/alibaba/trade/pay/protocolPay/preparePay', 'partial'],
} as const;

const wikiIds: Record<string, string> = {
  uploadImage: 'api-207062632',
  imageSearch: 'api-164891581',
  keywordSearch: 'api-182690989',
  getProductDetail: 'api-182691143',
  estimateFreight: 'api-218256628',
  getCategory: 'api-218472287',
  searchNavigation: 'api-219246666',
};

describe('operations', () => {
  it('are exactly the documented list, at their method and path', () => {
    const actual = Object.fromEntries(paths.map((o) => [o.op.operationId, [o.method, o.key]]));
    expect(actual).toEqual(Object.fromEntries(Object.entries(expected).map(([id, [m, p]]) => [id, [m, p]])));
  });

  it('each say how sure we are, as the issue lists it — nothing dropped or silently promoted', () => {
    const actual = Object.fromEntries(paths.map((o) => [o.op.operationId, o.op['x-daji-confidence']]));
    expect(actual).toEqual(Object.fromEntries(Object.entries(expected).map(([id, [, , c]]) => [id, c])));
  });

  it.each(paths.map((o) => [o.op.operationId as string, o] as const))(
    '%s has a summary, a section tag and a description',
    (_id, { op }) => {
      expect(op.summary).toMatch(/\S/);
      expect(op.tags).toHaveLength(1);
      expect(['Product search', 'Product analysis', 'Order manage', 'Order pay']).toContain(
        (op.tags as string[])[0],
      );
      expect(String(op.description).length).toBeGreaterThan(150);
    },
  );

  it.each(
    paths
      .filter(
        (o) =>
          o.key.startsWith('/alibaba/trade/') ||
          o.key.startsWith('/alibaba/createOrder/') ||
          o.key.startsWith('/alibaba/alipay/'),
      )
      .map((o) => [o.op.operationId as string, o] as const),
  )('%s cites the Daji wiki pages it follows in x-daji-source', (_id, { op }) => {
    const sources = ([] as string[]).concat(op['x-daji-source'] as string | string[]);
    expect(sources.length).toBeGreaterThan(0);
    for (const url of sources) expect(url).toMatch(/^https:\/\/wiki(-en)?\.dajisaas\.com\/(api|doc)-\d+$/);
  });

  it('link to the Daji wiki page where one is known', () => {
    for (const [id, wiki] of Object.entries(wikiIds)) {
      const op = paths.find((o) => o.op.operationId === id)?.op as JsonObject;
      expect((op.externalDocs as JsonObject).url, id).toBe(`https://wiki.dajisaas.com/${wiki}`);
    }
  });

  it.each(paths.map((o) => [o.op.operationId as string, o] as const))(
    '%s takes appKey and sign (required) and appSecret (deprecated) where Daji reads them',
    (_id, { method, op }) => {
      let fields: Record<string, { required: boolean; deprecated: boolean }>;
      if (method === 'get') {
        const params = (op.parameters as JsonObject[]).map((p) => resolve(spec, p));
        fields = Object.fromEntries(
          params
            .filter((p) => p.in === 'query')
            .map((p) => [p.name, { required: p.required === true, deprecated: p.deprecated === true }]),
        );
      } else {
        const content = (resolve(spec, op.requestBody as JsonObject).content ?? {}) as JsonObject;
        const [type] = Object.keys(content);
        expect(type).toBe(op.operationId === 'uploadImage' ? 'multipart/form-data' : 'application/json');
        fields = flattenObjectSchema((content[type as string] as JsonObject).schema as JsonObject);
      }
      expect(fields.appKey).toEqual({ required: true, deprecated: false });
      expect(fields.sign).toEqual({ required: true, deprecated: false });
      expect(fields.appSecret).toEqual({ required: false, deprecated: true });
    },
  );

  it.each(paths.map((o) => [o.op.operationId as string, o] as const))(
    '%s answers the shared envelope and the HTTP errors 400, 404, 429 and 500',
    (_id, { op }) => {
      const responses = op.responses as JsonObject;
      expect(Object.keys(responses).sort()).toEqual(['200', '400', '404', '429', '500']);
      for (const status of ['400', '404', '429', '500']) {
        expect((responses[status] as JsonObject).$ref).toMatch(/^#\/components\/responses\//);
      }
      const ok = (responses['200'] as JsonObject).content as JsonObject;
      const schema = resolve(spec, (ok['application/json'] as JsonObject).schema as JsonObject);
      expect(((schema.allOf as JsonObject[])[0] as JsonObject).$ref).toBe('#/components/schemas/Envelope');
    },
  );

  it('declares no security scheme (Prism would enforce it; credentials are plain fields)', () => {
    expect(((spec.components as JsonObject).securitySchemes ?? {}) as JsonObject).toEqual({});
    expect(spec.security).toBeUndefined();
  });
});

/** Properties of an object schema, following `$ref` and `allOf`, with their requiredness. */
function flattenObjectSchema(schema: JsonObject): Record<string, { required: boolean; deprecated: boolean }> {
  const out: Record<string, { required: boolean; deprecated: boolean }> = {};
  const visit = (node: JsonObject): void => {
    const s = resolve(spec, node);
    for (const part of (s.allOf ?? []) as JsonObject[]) visit(part);
    const required = (s.required ?? []) as string[];
    for (const [name, prop] of Object.entries((s.properties ?? {}) as JsonObject)) {
      out[name] = {
        required: required.includes(name),
        deprecated: (resolve(spec, prop as JsonObject).deprecated ?? false) === true,
      };
    }
    for (const name of required) if (out[name]) out[name].required = true;
  };
  visit(schema);
  return out;
}
