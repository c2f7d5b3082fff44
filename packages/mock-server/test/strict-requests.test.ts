// The mock refuses what Daji's contract refuses — unknown body fields, ids that are not ids, a search
// without its picture — with HTTP 400 and a Spring body whose message names the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';
import { app, exampleParams, send, sendExample, signed } from './support/requests.js';
import { type JsonObject, operations } from './support/spec.js';

const all = operations();
const byId = (id: string) => {
  const found = all.find((o) => o.operationId === id);
  if (!found) throw new Error(`no operation ${id} in the spec`);
  return found;
};
const jsonBodies = all.filter((o) => o.body?.mediaType === 'application/json');

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, verifySignature: app });
});
afterAll(() => mock.close());

async function refusal(id: string, params: JsonObject): Promise<{ status: number; message: string }> {
  const response = await sendExample(mock.url, byId(id), signed(params));
  const body = (await response.json()) as { status?: number; message?: string };
  return { status: response.status, message: String(body.message) };
}

describe('strict request bodies', () => {
  it('covers every JSON body, all of them trade and freight calls', () => {
    expect(jsonBodies.map((o) => o.operationId).sort()).toEqual(
      [
        'cancelOrder',
        'confirmReceipt',
        'createOrder',
        'estimateFreight',
        'getOrderDetail',
        'listBuyerOrders',
        'preparePay',
        'previewOrder',
      ].sort(),
    );
  });

  it.each(jsonBodies.map((o) => [o.operationId] as const))(
    '%s: a misspelt outOrderID gets 400 naming it',
    async (id) => {
      const { status, message } = await refusal(id, { ...exampleParams(byId(id)), outOrderID: 'T1' });
      expect(status).toBe(400);
      expect(message).toMatch(/^Invalid request: /);
      expect(message).toContain('outOrderID');
    },
  );

  it('an unknown field inside the address or an order line gets 400 naming it and where it sits', async () => {
    const order = exampleParams(byId('createOrder'));
    const address = { ...(order.addressParam as JsonObject), colour: 'red' };
    const atAddress = await refusal('createOrder', { ...order, addressParam: address });
    expect(atAddress.status).toBe(400);
    expect(atAddress.message).toContain('addressParam');
    expect(atAddress.message).toContain('colour');
    const line = { ...((order.cargoParamList as JsonObject[])[0] as JsonObject), skuID: '1' };
    const atLine = await refusal('createOrder', { ...order, cargoParamList: [line] });
    expect(atLine.status).toBe(400);
    expect(atLine.message).toContain('cargoParamList');
    expect(atLine.message).toContain('skuID');
  });
});

describe('ids that are not ids', () => {
  const order = () => exampleParams(byId('createOrder'));
  const withLine = (patch: JsonObject) => {
    const body = order();
    return {
      ...body,
      cargoParamList: [{ ...((body.cargoParamList as JsonObject[])[0] as JsonObject), ...patch }],
    };
  };

  it.each([
    ['createOrder', 'offerId "oops"', () => withLine({ offerId: 'oops' }), 'offerId'],
    ['createOrder', 'specId "zzz"', () => withLine({ specId: 'zzz' }), 'specId'],
    [
      'estimateFreight',
      'offerId "not-an-id"',
      () => ({ ...exampleParams(byId('estimateFreight')), offerId: 'not-an-id' }),
      'offerId',
    ],
    [
      'estimateFreight',
      'toCountryCode "3301"',
      () => ({ ...exampleParams(byId('estimateFreight')), toCountryCode: '3301' }),
      'toCountryCode',
    ],
    [
      'cancelOrder',
      'orderId "A-17"',
      () => ({ ...exampleParams(byId('cancelOrder')), orderId: 'A-17' }),
      'orderId',
    ],
  ])('%s with %s gets 400 naming the field', async (id, _what, body, field) => {
    const { status, message } = await refusal(id, body());
    expect(status).toBe(400);
    expect(message).toContain(field);
  });

  it('the same calls with real ids are answered', async () => {
    const response = await sendExample(mock.url, byId('createOrder'), signed(order()));
    expect(response.status).toBe(200);
  });
});

describe('image search needs imageId or imageAddress', () => {
  const search = byId('imageSearch');
  const { imageId, imageAddress, ...paging } = search.query;

  it('without both it gets 400 naming the two parameters', async () => {
    const response = await send(mock.url, 'get', search.path, signed(paging));
    const body = (await response.json()) as { message?: string };
    expect(response.status).toBe(400);
    expect(body.message).toBe('Invalid request: query must have imageId or imageAddress');
  });

  it.each([
    ['imageId', { imageId }],
    ['imageAddress', { imageAddress }],
    ['both (Daji uses imageId)', { imageId, imageAddress }],
  ])('with %s it is answered', async (_name, given) => {
    const response = await send(mock.url, 'get', search.path, signed({ ...paging, ...given }));
    expect(response.status).toBe(200);
  });
});
