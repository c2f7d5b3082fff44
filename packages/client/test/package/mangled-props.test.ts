// The build shortens the request rules' keywords in dist/ (scripts/mangled-props.mjs). That is safe only while
// no other code reads or writes a property of one of those names: this walks the sources to prove it, and
// runs the built client's checks to prove the shortened rules still refuse what they must.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MANGLED_PROPS } from '../../scripts/mangled-props.mjs';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const dist = fileURLToPath(new URL('../../dist', import.meta.url));
/** The request rules: their keywords are the names the build shortens. */
const RULES = ['constraints.ts', 'generated/constraints.ts', 'checks.ts', 'spec-checks.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The code alone: comments and the text of string literals removed (quoted keys are never shortened). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''")
    .replace(/`(?:[^`\\$]|\\.|\$(?!\{))*/g, '`');
}

describe('the rule keywords the build shortens', () => {
  it('are used as property names only by the request rules', () => {
    const uses: string[] = [];
    for (const file of sources(src)) {
      const name = relative(src, file);
      if (RULES.includes(name)) continue;
      const text = code(readFileSync(file, 'utf8'));
      for (const prop of MANGLED_PROPS) {
        // `.name`, `?.name`, `name:` / `name?:` (a key or a member), `{ name }` / `{ a, name = 1 }`.
        const use = new RegExp(`\\.\\s*${prop}\\b|\\b${prop}\\s*\\??\\s*:|[{,]\\s*${prop}\\s*[,}=]`);
        if (use.test(text)) uses.push(`${name}: ${prop}`);
      }
    }
    expect(uses).toEqual([]);
  });

  it('the generator quotes a field named like a keyword, so the build leaves it alone', async () => {
    const { renderConstraints } = await import('../../scripts/constraints.mjs');
    const source = renderConstraints({
      paths: {
        '/op': {
          post: {
            operationId: 'op',
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { format: { type: 'string', pattern: '^a$' } } },
                },
              },
            },
          },
        },
      },
    });
    expect(source).toContain("properties: { 'format': { type: 'string', pattern: /^a$/u } }");
  });

  // The browser build and the Node build each shorten the keywords on their own.
  it.each(['index.js', 'node/index.cjs'])(
    'still refuse bad requests in the built client (dist/%s)',
    async (file) => {
      const mod = (await import(join(dist, file))) as typeof import('../../src/index.js');
      const sent: string[] = [];
      const client = mod.createDajiClient({
        appKey: 'key',
        appSecret: 'secret',
        fetch: async (request) => {
          sent.push(request.url);
          return Response.json({ code: 200, data: {} });
        },
      });
      const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;
      const refusals: [() => Promise<unknown>, RegExp][] = [
        [
          () =>
            client.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, pageSize: 51 } } }),
          /query\.pageSize is 51; Daji accepts an integer from 1 to 50/, // minimum, maximum
        ],
        [
          () =>
            client.GET('/alibaba/product/keywordQuery', {
              params: { query: { ...query, keyword: undefined as never } },
            }),
          /query\.keyword is missing/, // required
        ],
        [
          () =>
            client.GET('/alibaba/product/keywordQuery', {
              params: { query: { ...query, country: 'xx' as never } },
            }),
          /query\.country is "xx"; Daji accepts one of "en"/, // enum
        ],
        [
          () =>
            client.POST('/alibaba/trade/get/buyerView', { body: { orderId: '1', orderID: '1' } as never }),
          /body\.orderID is not a field Daji knows here/, // additionalProperties, properties
        ],
        [
          () => client.POST('/alibaba/trade/get/buyerView', { body: { orderId: 'x1' } }),
          /body\.orderId is "x1"; Daji accepts text matching/, // pattern
        ],
        [() => client.POST('/alibaba/trade/get/buyerView', {} as never), /body is missing/], // present
        [
          () =>
            client.GET('/alibaba/product/imageQuery', {
              params: { query: { beginPage: 1, pageSize: 20, country: 'en' } },
            }),
          /fits none of the forms Daji accepts/, // anyOf
        ],
        [
          () =>
            client.POST('/alibaba/trade/cancel', {
              body: { orderId: '1', tradeID: '1', cancelReason: 'other' } as never,
            }),
          /fits 2 of the forms Daji accepts/, // oneOf
        ],
        [
          () =>
            client.POST('/alibaba/createOrder/preview', {
              body: { addressParam: {}, cargoParamList: [{ offerId: 1, quantity: 0 }] } as never,
            }),
          /quantity is 0; Daji accepts a number above 0/, // exclusiveMinimum
        ],
        [
          () =>
            client.POST('/alibaba/createOrder/preview', {
              body: { addressParam: {}, cargoParamList: [] } as never,
            }),
          /cargoParamList has 0 items; Daji accepts from 1 to 100/, // minItems
        ],
        [
          () =>
            client.GET('/alibaba/product/keywordQuery', { params: { query: { ...query, keyword: ' ' } } }),
          /pass a non-empty \(Chinese\) search keyword/,
        ],
        [
          () =>
            client.POST('/alibaba/trade/createCrossOrder', {
              body: {
                addressParam: {},
                cargoParamList: [{ offerId: 1, quantity: 1 }],
                flow: 'general',
                thirdOrderId: 'x'.repeat(65),
              } as never,
            }),
          /thirdOrderId is .*; Daji accepts text from 1 to 64 characters/, // minLength, maxLength
        ],
        [
          () =>
            client.POST('/alibaba/product/freightEstimate', {
              body: {
                offerId: 1,
                toProvinceCode: '330000',
                toCityCode: '330100',
                toCountryCode: '330106',
                totalNum: 2 ** 31,
                logisticsSkuNumModels: [],
              } as never,
            }),
          /totalNum is 2147483648; Daji accepts an integer from 1 to 2147483647/, // format int32
        ],
      ];
      for (const [call, message] of refusals) await expect(call()).rejects.toThrow(message);
      expect(sent).toEqual([]);
      const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
      expect(error).toBeUndefined();
      expect(sent).toHaveLength(1);
    },
  );
});
