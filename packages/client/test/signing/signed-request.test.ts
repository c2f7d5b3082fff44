import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createDajiClient } from '../../src/index.js';
import {
  APP_KEY,
  APP_SECRET,
  createObservedClient,
  envelope,
  json,
  memoryLogger,
} from '../helpers/observed-client.js';

const worked = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;

describe('signing', () => {
  it('sends the reference worked example (§2.3) as exactly the documented URL', async () => {
    const { client, requests } = createObservedClient({}, () => json(envelope({ data: [] })));
    await client.GET('/alibaba/product/keywordQuery', { params: { query: worked } });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('GET');
    expect(requests[0]!.url).toBe(
      'https://openapi.dajisaas.com/alibaba/product/keywordQuery?keyword=%E8%BF%9E%E8%A1%A3%E8%A3%99&beginPage=1&pageSize=20&country=en&appKey=demoKey123&sign=27A00E566F34B4DC634D4CCD0ADC0AC4',
    );
  });

  it('signs a JSON POST over its top-level properties: the preparePay example', async () => {
    const { client, requests } = createObservedClient({}, () => json(envelope({ success: true })));
    await client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId: '1234567890123456789' },
    });
    const request = requests[0]!;
    expect(request.url).toBe('https://openapi.dajisaas.com/alibaba/trade/pay/protocolPay/preparePay');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.text()).toBe(
      '{"orderId":"1234567890123456789","appKey":"demoKey123","sign":"B42F7548464914C2B55E16FA5F3784CA"}',
    );
  });

  it('serializes sort and filter the way Daji reads them, and signs the raw values', async () => {
    const { client, requests } = createObservedClient({}, () => json(envelope({ data: [] })));
    await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { ...worked, sort: { price: 'asc' }, filter: ['shipInToday', 'jxhy'] } },
    });
    const url = new URL(requests[0]!.url);
    expect(url.searchParams.get('sort')).toBe('{"price":"asc"}');
    expect(url.searchParams.get('filter')).toBe('shipInToday,jxhy');
    expect(url.searchParams.get('sign')).toMatch(/^[0-9A-F]{32}$/);
    // The sign differs from the plain example, so sort and filter are part of it.
    expect(url.searchParams.get('sign')).not.toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
  });

  it('debug-secret mode sends appSecret instead of sign and says so once on the logger', async () => {
    const { logger, lines } = memoryLogger();
    const { client, requests } = createObservedClient({ credentials: 'debug-secret', logger }, () =>
      json(envelope({ data: [] })),
    );
    await client.GET('/alibaba/product/keywordQuery', { params: { query: worked } });
    await client.GET('/alibaba/product/keywordQuery', { params: { query: worked } });
    const url = new URL(requests[0]!.url);
    expect(url.searchParams.get('appKey')).toBe(APP_KEY);
    expect(url.searchParams.get('appSecret')).toBe(APP_SECRET);
    expect(url.searchParams.has('sign')).toBe(false);
    const warnings = lines.filter((l) => l.level === 'warn' && /debug-secret/.test(l.message));
    expect(warnings).toHaveLength(1);
  });

  it('keeps signing last, so middleware added with use() is covered by the signature', async () => {
    const { client, requests } = createObservedClient({}, () => json(envelope({ data: [] })));
    client.use({
      onRequest({ request }) {
        const url = new URL(request.url);
        url.searchParams.set('outMemberId', 'buyer-42');
        return new Request(url, request);
      },
    });
    await client.GET('/alibaba/product/keywordQuery', { params: { query: worked } });
    const url = new URL(requests[0]!.url);
    expect(url.searchParams.get('outMemberId')).toBe('buyer-42');
    expect([...url.searchParams.keys()].slice(-2)).toEqual(['appKey', 'sign']);
    expect(url.searchParams.get('sign')).not.toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
  });

  it('uses the global fetch when none is given', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(envelope({ data: [], seen: req.url })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = createDajiClient({
        appKey: APP_KEY,
        appSecret: APP_SECRET,
        baseUrl: `http://127.0.0.1:${port}`,
      });
      const { data } = await client.GET('/alibaba/product/keywordQuery', { params: { query: worked } });
      const echoed = data?.data as unknown as { seen: string } | undefined;
      expect(echoed?.seen).toContain('sign=27A00E566F34B4DC634D4CCD0ADC0AC4');
    } finally {
      server.close();
    }
  });
});
