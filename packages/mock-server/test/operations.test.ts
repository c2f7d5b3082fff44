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

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, verifySignature: app });
});
afterAll(() => mock.close());

describe('every operation of the bundled spec', () => {
  it('covers the 19 Daji operations', () => {
    expect(all.map((op) => op.operationId).sort()).toEqual(
      [
        'uploadImage',
        'uploadImageByGet',
        'imageSearch',
        'keywordSearch',
        'getProductDetail',
        'shopSearch',
        'estimateFreight',
        'getCategory',
        'searchNavigation',
        'getRankingList',
        'getDailySalesTrend',
        'previewOrder',
        'createOrder',
        'cancelOrder',
        'getOrderDetail',
        'listBuyerOrders',
        'confirmReceipt',
        'getPaymentLinks',
        'preparePay',
      ].sort(),
    );
  });

  describe.each(all.map((op) => [op.operationId, op] as const))('%s', (_name, operation) => {
    it('answers its signed example request with 200 and a body valid against the response schema', async () => {
      const response = await sendExample(mock.url, operation, signed(exampleParams(operation)));
      const body = await response.json();
      expect(response.status, JSON.stringify(body)).toBe(200);
      expect(response.headers.get('sl-violations')).toBeNull();
      const validate = ajv.compile({ $ref: `openapi.json${operation.responseSchemaPointer}` });
      expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
      expect(body.code).toBe(200);
    });

    it('answers a request missing a required parameter with 400 and a Spring body naming it', async () => {
      let missing = operation.body ? operation.body.required[0] : operation.requiredQuery[0];
      const params: Record<string, unknown> = { ...exampleParams(operation) };
      if (missing === undefined) {
        // Every filter of the order list is optional: break a limit instead.
        expect(operation.operationId, 'only the order list has no required business field').toBe(
          'listBuyerOrders',
        );
        missing = 'page';
        params.page = 0;
      } else delete params[missing];
      const response = await sendExample(mock.url, operation, signed(params));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body).toMatchObject({ status: 400, error: 'Bad Request', path: operation.path });
      // Prism compares query parameter names case-insensitively and reports them in lower case.
      expect(String(body.message).toLowerCase()).toContain(missing!.toLowerCase());
    });
  });
});
