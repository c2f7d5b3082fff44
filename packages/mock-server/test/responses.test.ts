import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';
import { app, send, signed } from './support/requests.js';

const search = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' };
const path = '/alibaba/product/keywordQuery';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, verifySignature: app });
});
afterAll(() => mock.close());

describe('choosing a response', () => {
  it("returns another named example with Prism's Prefer header", async () => {
    const response = await send(mock.url, 'get', path, signed(search), undefined, {
      prefer: 'example=appNotActivated',
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.code).not.toBe(200);
    expect(body.message).toContain('激活');
  });

  it('returns a documented error status on request', async () => {
    const response = await send(mock.url, 'get', path, signed(search), undefined, { prefer: 'code=500' });
    expect(response.status).toBe(500);
  });

  it('rejects a value outside the documented range with 400 and a Spring body naming the parameter', async () => {
    const response = await send(mock.url, 'get', path, signed({ ...search, pageSize: 51 }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body).toMatchObject({ status: 400, error: 'Bad Request', path });
    expect(body.message).toMatch(/^Invalid request: .*pagesize.*50/i);
  });

  it("answers an unknown path with Prism's 404 once the signature passes", async () => {
    const response = await send(mock.url, 'get', '/alibaba/product/search', signed(search));
    expect(response.status).toBe(404);
  });
});
