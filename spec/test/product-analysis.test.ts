// The product-analysis calls (ranking lists, daily sales): what Daji documents, what is inferred from the
// 1688 calls Daji relays, and that requests are strict and answers tolerant.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchored, createAjv } from './support/ajv.js';
import { type Json, type JsonObject, loadBundle, operations, resolve } from './support/spec.js';

const spec = loadBundle();
const ajv = createAjv(spec);

const OPS = {
  getRankingList: '/alibaba/product/topListQuery',
  getDailySalesTrend: '/alibaba/product/getPerdaySellQuantityTrend',
} as const;
type OpId = keyof typeof OPS;

function operation(id: OpId): JsonObject {
  const found = operations(spec).find((o) => o.op.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.op;
}

function params(id: OpId): JsonObject[] {
  return (operation(id).parameters as JsonObject[]).map((p) => resolve(spec, p));
}

function param(id: OpId, name: string): JsonObject {
  const found = params(id).find((p) => p.name === name);
  if (!found) throw new Error(`${id} has no parameter ${name}`);
  return found;
}

function accepts(schema: Json, value: Json): boolean {
  return ajv.validate(anchored(schema) as object, value) as boolean;
}

function dataSchema(id: OpId): JsonObject {
  const ok = (operation(id).responses as JsonObject)['200'] as JsonObject;
  const envelope = resolve(
    spec,
    ((ok.content as JsonObject)['application/json'] as JsonObject).schema as JsonObject,
  );
  const own = (envelope.allOf as JsonObject[])[1] as JsonObject;
  return (own.properties as JsonObject).data as JsonObject;
}

function errorsOf(schema: Json, value: Json): string {
  const validate = ajv.compile(anchored(schema) as object);
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n  ' });
}

// Daji's rule (see signatures.test.ts): sorted `k=v&…&secret=…`, MD5, upper-case hex.
function sign(values: Record<string, Json>, secret: string): string {
  const base = Object.keys(values)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => `${k}=${String(values[k])}`)
    .join('&');
  return createHash('md5').update(`${base}&secret=${secret}`, 'utf8').digest('hex').toUpperCase();
}

describe('product analysis operations', () => {
  it.each(Object.keys(OPS) as OpId[])('%s is a GET tagged Product analysis and marked inferred', (id) => {
    const found = operations(spec).find((o) => o.op.operationId === id);
    expect(found?.method).toBe('get');
    expect(found?.key).toBe(OPS[id]);
    expect(found?.op.tags).toEqual(['Product analysis']);
    expect(found?.op['x-daji-confidence']).toBe('inferred');
  });

  it.each(Object.keys(OPS) as OpId[])(
    '%s says "Inferred:" on its first line and cites the wiki page that lists it',
    (id) => {
      const op = operation(id);
      expect(String(op.description).split('\n')[0]).toMatch(/^Inferred: /);
      expect(([] as Json[]).concat(op['x-daji-source'] as Json)).toContain(
        'https://wiki-en.dajisaas.com/doc-7744081',
      );
      expect((op.externalDocs as JsonObject).url).toMatch(
        /^https:\/\/open\.1688\.com\/api\/apidocdetail\.htm\?id=com\.alibaba\.fenxiao\.crossborder:/,
      );
    },
  );

  it.each(Object.keys(OPS) as OpId[])(
    "%s's example request is complete and its sign example is that request's signature",
    (id) => {
      const values: Record<string, Json> = { appKey: 'demoKey123' };
      for (const p of params(id)) {
        if (p.in !== 'query' || p.name === 'appKey' || p.name === 'sign' || p.deprecated === true) continue;
        expect(p.example, `${id} ${String(p.name)} has an example`).toBeDefined();
        expect(accepts(p.schema as Json, p.example as Json), `${id} ${String(p.name)} example is valid`).toBe(
          true,
        );
        values[p.name as string] = p.example as Json;
      }
      expect(param(id, 'sign').example).toBe(sign(values, 'demoSecret456'));
    },
  );

  it('the sign check can fail: another rankType gives another signature', () => {
    const values = { appKey: 'demoKey123', rankId: '1038378', rankType: 'hot', limit: 10, language: 'en' };
    expect(param('getRankingList', 'sign').example).not.toBe(sign(values, 'demoSecret456'));
  });
});

describe('ranking list requests', () => {
  it("rankType takes exactly the eight values of Daji's enumeration page", () => {
    const schema = resolve(spec, param('getRankingList', 'rankType').schema as JsonObject);
    expect(schema.enum).toEqual([
      'complex',
      'hot',
      'goodPrice',
      'anchorHot',
      'anchorNew',
      'anchorRecommend',
      'VNHot',
      'VNTrend',
    ]);
    expect(schema['x-daji-source']).toBe('https://wiki-en.dajisaas.com/doc-4991061');
    expect(accepts(schema, 'Complex')).toBe(false);
  });

  it('limit is 1 to 20 and every parameter is required, as 1688 says', () => {
    const limit = param('getRankingList', 'limit').schema as Json;
    expect([0, 1, 20, 21].map((n) => accepts(limit, n))).toEqual([false, true, true, false]);
    for (const name of ['rankId', 'rankType', 'limit', 'language']) {
      expect(param('getRankingList', name).required, name).toBe(true);
    }
  });

  it('rankId is a category id: digits only', () => {
    const rankId = param('getRankingList', 'rankId').schema as Json;
    expect(['1038378', '0', '', '10x', '1038378 '].map((v) => accepts(rankId, v))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it("language is Daji's language list", () => {
    const language = resolve(spec, param('getRankingList', 'language').schema as JsonObject);
    expect(language.enum).toContain('en');
    expect(accepts(language, 'zh')).toBe(false);
  });
});

describe('daily sales requests', () => {
  it('dates are yyyyMMdd calendar days', () => {
    for (const name of ['startDate', 'endDate']) {
      const date = param('getDailySalesTrend', name);
      expect(date.required, name).toBe(true);
      expect(
        ['20240701', '20241231', '2024-07-01', '20241301', '20240732', '240701', '20240700'].map((v) =>
          accepts(date.schema as Json, v),
        ),
        name,
      ).toEqual([true, true, false, false, false, false, false]);
    }
  });

  it('offerId is an integer offer id, like every request offerId', () => {
    const offerId = param('getDailySalesTrend', 'offerId').schema as Json;
    expect([670291644950, 0, '670291644950', 1.5].map((v) => accepts(offerId, v))).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('answers are read tolerantly', () => {
  const fixture = (name: string) =>
    JSON.parse(readFileSync(new URL(`./fixtures/1688/${name}`, import.meta.url), 'utf8')) as {
      operationId: OpId;
      part: string;
      source: string;
      body: { result: { result: Json } };
    };

  it.each([
    ['top-list-query.json', 'getRankingList'],
    ['sales-trend.json', 'getDailySalesTrend'],
  ] as const)("1688's example answer for %s (its inner result) is valid data of %s", (file, id) => {
    const { operationId, part, source, body } = fixture(file);
    expect(operationId).toBe(id);
    expect(part).toBe('relayed');
    expect(source).toMatch(/^https:\/\/open\.1688\.com\//);
    expect(errorsOf(dataSchema(id), body.result.result)).toBe('');
  });

  it('a ranking list of nulls, unknown fields and a numeric score still validates', () => {
    const list: Json = {
      rankId: null,
      rankName: null,
      rankType: 'someNewList',
      extra: { anything: true },
      rankProductModels: [
        { itemId: '699490252651', sort: null, serviceList: null, goodsScore: 4.8, newField: 1 },
        { itemId: null },
        {},
      ],
    };
    expect(errorsOf(dataSchema('getRankingList'), list)).toBe('');
    expect(errorsOf(dataSchema('getRankingList'), null)).toBe('');
  });

  it('a sales day with a numeric, empty or null value still validates', () => {
    const days: Json = [
      { date: '20240701', value: 20 },
      { date: '20240702', value: '' },
      { date: null, value: null },
      {},
    ];
    expect(errorsOf(dataSchema('getDailySalesTrend'), days)).toBe('');
  });

  it('the check can fail: wrong types are rejected, naming the field', () => {
    expect(errorsOf(dataSchema('getRankingList'), { rankProductModels: 'none' })).toMatch(
      /rankProductModels/,
    );
    expect(errorsOf(dataSchema('getRankingList'), { rankProductModels: [{ buyerNum: 'many' }] })).toMatch(
      /buyerNum/,
    );
    expect(errorsOf(dataSchema('getDailySalesTrend'), { date: '20240701' })).toMatch(/must be array/);
  });

  it('30-day unit counts are int64 and the product id is an offer id', () => {
    const product = resolve(spec, { $ref: '#/components/schemas/RankedProduct' } as JsonObject);
    const props = product.properties as JsonObject;
    expect((props.soldOut as JsonObject).format).toBe('int64');
    expect(JSON.stringify(props.itemId)).toContain('#/components/schemas/OfferId');
  });
});
