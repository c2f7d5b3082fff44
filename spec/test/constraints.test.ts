import { describe, expect, it } from 'vitest';
import { anchored, createAjv } from './support/ajv.js';
import { type Json, type JsonObject, loadBundle, operations, resolve, walk } from './support/spec.js';

const spec = loadBundle();
const ajv = createAjv(spec);
const components = spec.components as JsonObject;
const schemas = components.schemas as JsonObject;

function param(operationId: string, name: string): JsonObject {
  const op = operations(spec).find((o) => o.op.operationId === operationId)?.op as JsonObject;
  const found = (op.parameters as JsonObject[]).map((p) => resolve(spec, p)).find((p) => p.name === name);
  if (!found) throw new Error(`${operationId} has no parameter ${name}`);
  return found;
}

function accepts(schema: Json, value: Json): boolean {
  return ajv.validate(anchored(schema) as object, value) as boolean;
}

describe('request constraints', () => {
  it('pageSize is 1 to 50 and beginPage at least 1 on every paged search', () => {
    for (const id of ['keywordSearch', 'imageSearch', 'shopSearch']) {
      const pageSize = param(id, 'pageSize').schema as Json;
      expect(
        [0, 1, 50, 51].map((n) => accepts(pageSize, n)),
        id,
      ).toEqual([false, true, true, false]);
      const beginPage = param(id, 'beginPage').schema as Json;
      expect(
        [0, 1, 2].map((n) => accepts(beginPage, n)),
        id,
      ).toEqual([false, true, true]);
    }
  });

  it('country is the documented language list', () => {
    const country = resolve(spec, param('keywordSearch', 'country').schema as JsonObject);
    expect(country.enum).toEqual(['en', 'ru', 'vi', 'ja', 'ko', 'fr', 'pt', 'es', 'th', 'id', 'ar']);
    for (const id of ['imageSearch', 'getProductDetail', 'shopSearch'])
      expect(param(id, 'country').required, id).toBe(true);
  });

  it('sort is JSON text with one known key and filter a comma list', () => {
    const sort = param('keywordSearch', 'sort').schema as Json;
    expect(accepts(sort, '{"price":"asc"}')).toBe(true);
    expect(accepts(sort, '{"monthSold":"desc"}')).toBe(true);
    expect(accepts(sort, 'price asc')).toBe(false);
    expect(accepts(sort, '{"colour":"asc"}')).toBe(false);
    const filter = param('keywordSearch', 'filter').schema as Json;
    expect(accepts(filter, 'shipInToday,ksCiphertext')).toBe(true);
    expect(accepts(filter, 'shipInToday, ksCiphertext')).toBe(false);
  });

  it('an uploaded picture is at most 3 MB, i.e. 4,194,304 base64 characters', () => {
    const image = (schemas.ImageUploadRequest as JsonObject).properties as JsonObject;
    expect((image.image_base64 as JsonObject).maxLength).toBe(Math.ceil((3 * 1024 * 1024) / 3) * 4);
  });

  it("payment links take 1 to 30 order ids (the wiki's limit) and never 31", () => {
    const list = param('getPaymentLinks', 'orderIdList').schema as Json;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `"${2257164624870311973n + BigInt(i)}"`);
    const bare = (n: number) => Array.from({ length: n }, (_, i) => `${2257164624870311973n + BigInt(i)}`);
    expect(accepts(list, `[${ids(1)}]`)).toBe(true);
    expect(accepts(list, `[${ids(30).join(',')}]`)).toBe(true);
    expect(accepts(list, `[${ids(31).join(',')}]`)).toBe(false);
    expect(accepts(list, '[2257164624870311973,2257164624870311974]')).toBe(true);
    expect(accepts(list, bare(30).join(','))).toBe(true);
    expect(accepts(list, bare(31).join(','))).toBe(false);
    expect(accepts(list, '2257164624870311973')).toBe(true);
    expect(accepts(list, '[oops]')).toBe(false);
  });

  it("an order has 1 to 100 SKU lines (the wiki's limit)", () => {
    for (const name of ['OrderPreviewRequest', 'OrderCreationRequest']) {
      const cargo = ((schemas[name] as JsonObject).properties as JsonObject).cargoParamList as JsonObject;
      expect([cargo.minItems, cargo.maxItems], name).toEqual([1, 100]);
    }
  });

  it('cancelling takes the order id as orderId or as tradeID, exactly one of them', () => {
    const schema = { $ref: '#/components/schemas/OrderCancellationRequest' } as Json;
    const base = { appKey: 'k', sign: 'A'.repeat(32), webSite: '1688', cancelReason: 'buyerCancel' };
    expect(accepts(schema, { ...base, orderId: '2257164624870311973' })).toBe(true);
    expect(accepts(schema, { ...base, tradeID: '2257164624870311973' })).toBe(true);
    expect(accepts(schema, base)).toBe(false);
    expect(accepts(schema, { ...base, orderId: '2257164624870311973', tradeID: '2257164624870311973' })).toBe(
      false,
    );
  });
});

describe('types that matter', () => {
  it('1688 order and sub-order ids are strings, or in answers also int64 integers (the wiki shows both)', () => {
    const idNames = ['orderId', 'tradeID', 'subItemID', 'subItemIDString', 'idOfStr', 'orderEntryId'];
    const offenders: string[] = [];
    walk(spec, (node, path) => {
      const props = node.properties as JsonObject | undefined;
      if (!props || path.includes('/examples/')) return;
      for (const name of idNames) {
        const prop = props[name] as JsonObject | undefined;
        if (!prop) continue;
        // A nullable id is `oneOf: [<id>, null]`: judge the branches.
        const top = resolve(spec, prop);
        const branches = ((top.oneOf as JsonObject[] | undefined) ?? [top]).map((b) => resolve(spec, b));
        const ids = branches.filter((b) => b.type !== 'null');
        const types = ids.flatMap((b) => ([] as Json[]).concat(b.type ?? []));
        if (!types.includes('string'))
          offenders.push(`${path}/properties/${name} is ${JSON.stringify(types)}`);
        if (types.includes('integer') && !ids.every((b) => b.format === 'int64'))
          offenders.push(`${path}/properties/${name} is an integer without format int64`);
        if (types.includes('number')) offenders.push(`${path}/properties/${name} may be a float`);
      }
    });
    expect(offenders).toEqual([]);
  });

  it('offerId reads as an integer or a string, and is sent as an integer', () => {
    expect((schemas.OfferId as JsonObject).type).toEqual(['integer', 'string']);
    expect((schemas.RequestOfferId as JsonObject).type).toBe('integer');
  });

  it('nullable fields use type arrays, not the OpenAPI 3.0 nullable keyword', () => {
    const found: string[] = [];
    walk(spec, (node, path) => {
      if ('nullable' in node && !path.includes('/examples/') && !path.includes('/properties/nullable'))
        found.push(path);
    });
    expect(found).toEqual([]);
  });

  it('product objects accept properties 1688 adds later', () => {
    for (const name of [
      'ProductSummary',
      'ProductDetail',
      'ProductSkuInfo',
      'ProductSaleInfo',
      'ProductShippingInfo',
    ]) {
      expect((schemas[name] as JsonObject).additionalProperties, name).toBe(true);
    }
  });

  it('stays plain enough for Prism: no unevaluatedProperties, prefixItems or anyOf', () => {
    const found: string[] = [];
    walk(spec, (node, path) => {
      // Prism never reads our x- extensions (x-daji-query-schema is enforced by the mock server itself).
      if (path.includes('/x-')) return;
      for (const keyword of ['unevaluatedProperties', 'prefixItems', 'anyOf'])
        if (keyword in node) found.push(`${path}/${keyword}`);
    });
    expect(found).toEqual([]);
  });

  it('the four HTTP errors are reusable responses with a Spring-style body', () => {
    const responses = components.responses as JsonObject;
    expect(Object.keys(responses).sort()).toEqual([
      'BadRequest',
      'InternalServerError',
      'NotFound',
      'TooManyRequests',
    ]);
    const badRequest = (responses.BadRequest as JsonObject).content as JsonObject;
    const example = ((badRequest['application/json'] as JsonObject).examples as JsonObject)
      .badSignature as JsonObject;
    expect(example.value).toMatchObject({ status: 400, error: 'Bad Request' });
  });
});
