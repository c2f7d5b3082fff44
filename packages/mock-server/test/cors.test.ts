import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';
import { app, send, signed } from './support/requests.js';

const origin = 'http://localhost:5173';
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, verifySignature: app });
});
afterAll(() => mock.close());

describe('CORS for browser apps', () => {
  it('answers a preflight with 204 and the requested method and headers allowed', async () => {
    const response = await fetch(`${mock.url}/alibaba/trade/cancel`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it.each([
    ['a served request', signed({ keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' }), 200],
    ['a signature rejection', { keyword: '连衣裙', appKey: app.appKey }, 400],
    ['a contract violation', signed({ beginPage: 1 }), 400],
  ])('lets the page read %s', async (_what, params, status) => {
    const response = await send(mock.url, 'get', '/alibaba/product/keywordQuery', params, undefined, {
      origin,
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('allows any origin for requests without one', async () => {
    const response = await send(mock.url, 'get', '/alibaba/category/get', signed({ categoryID: 0 }));
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});
