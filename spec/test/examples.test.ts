import { beforeAll, describe, expect, it } from 'vitest';
import { anchored, closed, createAjv } from './support/ajv.js';
import { examples, type Json, type JsonObject, loadBundle } from './support/spec.js';

const spec = loadBundle();
const all = examples(spec);
const ajv = createAjv(spec);

function errorsOf(schema: Json, value: Json): string {
  const validate = ajv.compile(schema as object);
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n  ' });
}

describe('examples', () => {
  beforeAll(() => {
    expect(all.length).toBeGreaterThan(100);
  });

  it.each(all.map((e) => [e.where, e] as const))('%s matches its schema', (_where, example) => {
    expect(errorsOf(anchored(example.schema), example.value)).toBe('');
  });

  it.each(all.map((e) => [e.where, e] as const))('%s declares every property it uses', (_where, example) => {
    expect(errorsOf(closed(spec, example.schema), example.value)).toBe('');
  });

  it('every operation shows an example for each request body and each JSON response', () => {
    const missing: string[] = [];
    for (const [kind, items] of [
      ['path', spec.paths],
      ['webhook', spec.webhooks],
    ] as const) {
      for (const [key, item] of Object.entries(items as JsonObject)) {
        for (const [method, op] of Object.entries(item as JsonObject)) {
          const where = `${kind} ${method} ${key}`;
          const has = (media: JsonObject) =>
            'example' in media || Object.keys((media.examples ?? {}) as JsonObject).length > 0;
          const body = (op as JsonObject).requestBody as JsonObject | undefined;
          for (const [type, media] of Object.entries((body?.content ?? {}) as JsonObject)) {
            if (!has(media as JsonObject)) missing.push(`${where} request ${type}`);
          }
          for (const [status, response] of Object.entries((op as JsonObject).responses as JsonObject)) {
            const content = ((response as JsonObject).content ?? {}) as JsonObject;
            for (const [type, media] of Object.entries(content)) {
              if (!has(media as JsonObject)) missing.push(`${where} response ${status} ${type}`);
            }
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('rejects an example that breaks its schema (the check can fail)', () => {
    const preparePay = all.find((e) => e.where.includes('/alibaba/trade/pay/protocolPay/preparePay request'));
    expect(preparePay).toBeDefined();
    const asNumber = { ...(preparePay?.value as JsonObject), orderId: Number('1234567890123456789') };
    expect(errorsOf(anchored(preparePay?.schema ?? null), asNumber)).toMatch(/orderId.*must be string/);
    const withTypo = { ...(preparePay?.value as JsonObject), orderID: '1234567890123456789' };
    expect(errorsOf(closed(spec, preparePay?.schema ?? null), withTypo)).toMatch(
      /additional properties|unevaluated properties/,
    );
  });

  it('shows a business failure (code other than 200, data null) on every operation', () => {
    const failures = all.filter(
      (e) =>
        e.where.includes('response 200') &&
        (e.value as JsonObject).code !== 200 &&
        (e.value as JsonObject).data === null,
    );
    const operations = new Set(failures.map((e) => e.where.split(' response')[0]));
    expect(operations.size).toBe(19);
  });
});
