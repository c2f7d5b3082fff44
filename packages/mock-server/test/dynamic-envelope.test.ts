// `--dynamic` answers a client can use: every generated success is a code-200 envelope with a payload,
// valid against the spec, with plausible ids, prices and pages — for every operation and many seeds.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';
import { app, exampleParams, sendExample, signed } from './support/requests.js';
import { operations, spec } from './support/spec.js';

const all = operations();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...spec, $id: 'openapi.json' }, 'openapi.json');
const SEEDS = ['a', 'b', 'c', 'd', 'e'];

/** Every value of `key` anywhere in `value`. */
function valuesOf(value: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) valuesOf(item, key, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === key) found.push(v);
      valuesOf(v, key, found);
    }
  }
  return found;
}

describe('--dynamic', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, dynamic: true, verifySignature: app });
  });
  afterAll(() => mock.close());

  it.each(all.map((op) => [op.operationId, op] as const))(
    '%s: generated successes are code-200 envelopes with a payload, valid against the spec',
    async (_name, operation) => {
      const validate = ajv.compile({ $ref: `openapi.json${operation.responseSchemaPointer}` });
      for (const seed of SEEDS) {
        // Prism reads its switches from the query; a JSON body keeps only the fields Daji declares.
        const post = operation.method === 'post';
        const response = await sendExample(
          mock.url,
          { ...operation, path: post ? `${operation.path}?__seed=${seed}` : operation.path },
          signed(post ? exampleParams(operation) : { ...exampleParams(operation), __seed: seed }),
        );
        const body = await response.json();
        expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(200);
        expect(response.headers.get('sl-violations'), `seed ${seed}`).toBeNull();
        expect(body).toMatchObject({
          code: 200,
          message: '操作成功',
          traceId: expect.stringMatching(/^[0-9a-f]{12}$/),
        });
        expect(body.data, `seed ${seed}: a payload`).not.toBeNull();
        expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
        for (const offerId of valuesOf(body.data, 'offerId'))
          expect(String(offerId)).toMatch(/^[1-9]\d{11}$/);
        for (const price of valuesOf(body.data, 'price'))
          if (typeof price === 'string') expect(price).toMatch(/^\d+\.\d{2}$/);
        for (const size of valuesOf(body.data, 'pageSize')) expect(size).toBeLessThanOrEqual(50);
      }
    },
  );
});
