import { afterEach, describe, expect, it } from 'vitest';
import { createDajiClient, DajiHttpError } from '../../src/index.js';
import { APP_KEY, APP_SECRET } from '../helpers/observed-client.js';
import { serve, type TestServer } from './servers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function redirectingDaji(status: number) {
  const other = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"code":200,"message":"ok","data":{"stolen":true},"timestamp":1,"traceId":"x"}');
  });
  const daji = await serve((_req, res) => {
    res.writeHead(status, { location: `${other.url}/collect?token=abc`, 'content-type': 'text/plain' });
    res.end('moved');
  });
  servers.push(other, daji);
  return { other, daji };
}

describe('redirects are never followed', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`HTTP ${status} on preparePay: a DajiHttpError naming the status and the target origin, nothing reaches the other host`, async () => {
      const { other, daji } = await redirectingDaji(status);
      const client = createDajiClient({ appKey: APP_KEY, appSecret: APP_SECRET, baseUrl: daji.url });
      const { data, error } = await client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
        body: { orderId: '2257164624870311973' },
      });
      expect(data).toBeUndefined();
      expect(error).toBeInstanceOf(DajiHttpError);
      expect(error).toMatchObject({ httpStatus: status, code: status, operationId: 'preparePay' });
      expect(error!.message).toContain(`HTTP ${status}`);
      expect(error!.message).toContain(other.url);
      expect(error!.message).not.toContain('token=abc');
      expect(error!.message).not.toContain('/collect');
      expect(daji.received).toHaveLength(1);
      expect(other.received).toEqual([]);
    });
  }

  it('debug-secret mode, caller headers and a custom fetch: the secret and headers never leave for the other host', async () => {
    const { other, daji } = await redirectingDaji(307);
    const client = createDajiClient({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      baseUrl: daji.url,
      credentials: 'debug-secret',
      headers: { 'x-tenant': 'acme' },
      fetch: (request) => fetch(request),
      throwOnError: true,
    });
    const error = await client
      .POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: '2257164624870311973' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DajiHttpError);
    expect((error as DajiHttpError).httpStatus).toBe(307);
    expect(other.received).toEqual([]);
    expect(daji.received[0]!.body).toContain(APP_SECRET);
    expect(JSON.stringify(error)).not.toContain(APP_SECRET);
  });

  it('a GET redirected to the same origin is not followed either', async () => {
    const daji = await serve((req, res) => {
      res.writeHead(302, { location: `/elsewhere${req.url}` });
      res.end();
    });
    servers.push(daji);
    const client = createDajiClient({ appKey: APP_KEY, appSecret: APP_SECRET, baseUrl: daji.url });
    const { error } = await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } },
    });
    expect(error).toBeInstanceOf(DajiHttpError);
    expect(error!.message).toContain(
      `HTTP 302 to keywordSearch (GET /alibaba/product/keywordQuery), pointing to ${daji.url}`,
    );
    expect(daji.received).toHaveLength(1);
  });
});
