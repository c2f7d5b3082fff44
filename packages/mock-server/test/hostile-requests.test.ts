import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, type RequestRecord, startMockServer } from '../src/index.js';
import { app, send } from './support/requests.js';

let mock: MockServer;
const records: RequestRecord[] = [];
beforeAll(async () => {
  mock = await startMockServer({ port: 0, verifySignature: app, onRequest: (r) => records.push(r) });
});
afterAll(() => mock.close());

const search = '/alibaba/product/keywordQuery';
const query = { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' };

/** Raw bytes in, raw answer out: for requests fetch refuses to send. */
function raw(text: string): Promise<string> {
  const { port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the mock never echoes the configured secret, whatever the parameter is called', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['AppSecret=', { ...query, appKey: app.appKey, AppSecret: app.appSecret, sign: '0'.repeat(32) }],
    ['secret=', { ...query, appKey: app.appKey, secret: app.appSecret, sign: '0'.repeat(32) }],
    ['the secret as appKey', { ...query, appKey: app.appSecret, sign: '0'.repeat(32) }],
    [
      'the secret inside a value',
      { ...query, keyword: `x${app.appSecret}y`, appKey: app.appKey, sign: '0'.repeat(32) },
    ],
    [
      'the secret as a parameter name',
      { ...query, [app.appSecret]: '1', appKey: app.appKey, sign: '0'.repeat(32) },
    ],
  ];
  for (const [name, params] of cases) {
    for (const method of ['get', 'post'] as const) {
      it(`${name} (${method.toUpperCase()}): 400, the secret in neither the body nor the log record`, async () => {
        records.length = 0;
        const path = method === 'get' ? search : '/alibaba/trade/pay/protocolPay/preparePay';
        const response = await send(mock.url, method, path, params);
        const text = await response.text();
        expect(response.status).toBe(400);
        expect(JSON.parse(text)).toMatchObject({ status: 400, error: 'Bad Request' });
        expect(text).not.toContain(app.appSecret);
        expect(records).toHaveLength(1);
        expect(JSON.stringify(records[0])).not.toContain(app.appSecret);
      });
    }
  }

  it('names the placeholder where the secret was', async () => {
    const response = await send(mock.url, 'get', search, { ...query, appKey: app.appSecret, sign: 'x' });
    expect((await response.json()).message).toBe(
      "Unknown appKey '<appSecret>': no app with this key exists. Check the appKey you configured.",
    );
  });
});

describe('every malformed request gets a 4xx', () => {
  it('a Content-Type that is a list, application/json, text/plain: 400, a status the spec documents', async () => {
    const response = await fetch(`${mock.url}/alibaba/trade/pay/protocolPay/preparePay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json, text/plain' },
      body: '{"orderId":"1"}',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/^Content-Type must be one media type/);
  });

  for (const contentType of ['application/json;', 'text/plain; charset', ',', 'json', '; charset=utf-8']) {
    it(`Content-Type ${JSON.stringify(contentType)}: a 4xx`, async () => {
      const response = await fetch(`${mock.url}/alibaba/trade/pay/protocolPay/preparePay`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: '{"orderId":"1"}',
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });
  }

  it('an absolute-form request line with a bad port: 400', async () => {
    const answer = await raw(
      `GET http://127.0.0.1:99999${search}?keyword=x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
  });

  for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH']) {
    it(`${method}: a 4xx`, async () => {
      const answer = await raw(
        `${method} ${search} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      const status = Number(answer.split(' ')[1]);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    });
  }
});
