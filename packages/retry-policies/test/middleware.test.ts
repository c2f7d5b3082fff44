import { createHash } from 'node:crypto';
import createClient, { type Middleware } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import {
  canonicalString,
  requestSignature,
  type SigningMiddlewareOptions,
  signingMiddleware,
  signParams,
  signRequest,
} from '../src/index.js';
import type { paths } from './fixtures/paths.js';

const BASE = 'https://openapi.dajisaas.com';
const appKey = 'demoKey123';
const appSecret = 'demoSecret456';
const ok = () =>
  Response.json({ code: 200, message: '操作成功', data: {}, timestamp: 1, traceId: 'abc123abc123' });

/** A real openapi-fetch client whose `fetch` is this test's own handler: every Request it would send is kept. */
function observedClient(
  options: Partial<SigningMiddlewareOptions> = {},
  clientOptions: Parameters<typeof createClient>[0] = {},
) {
  const sent: Request[] = [];
  const client = createClient<paths>({
    baseUrl: BASE,
    ...clientOptions,
    fetch: async (request: Request) => {
      sent.push(request);
      return ok();
    },
  });
  const middleware: Middleware = signingMiddleware({ appKey, appSecret, ...options });
  client.use(middleware);
  return { client, sent };
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

describe('signingMiddleware on GET', () => {
  it('signs the reference keyword search (§2.3) and appends appKey and sign to the query', async () => {
    const { client, sent } = observedClient();
    await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(
      `${BASE}/alibaba/product/keywordQuery?keyword=%E8%BF%9E%E8%A1%A3%E8%A3%99&beginPage=1&pageSize=20&country=en&appKey=demoKey123&sign=27A00E566F34B4DC634D4CCD0ADC0AC4`,
    );
  });

  it('signs the decoded values exactly as transmitted, an empty string as "key=" and each repeated value once', async () => {
    const { client, sent } = observedClient();
    await client.GET('/alibaba/product/keywordQuery', {
      params: {
        query: {
          keyword: 'a b&c=d',
          beginPage: 1,
          pageSize: 20,
          country: 'en',
          outMemberId: ['u2', 'u1'],
          priceStart: '',
        },
      },
    });
    const url = new URL(sent[0]!.url);
    const expected = md5(
      'appKey=demoKey123&beginPage=1&country=en&keyword=a b&c=d&outMemberId=u2&outMemberId=u1&pageSize=20&priceStart=&secret=demoSecret456',
    );
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(url.searchParams.getAll('appKey')).toEqual([appKey]);
  });

  it('replaces credentials already in the query instead of adding a second set', async () => {
    const { client, sent } = observedClient();
    // Two signing middlewares in a row stand in for a request that passes through signing twice.
    client.use(signingMiddleware({ appKey, appSecret }));
    await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } },
    });
    const url = new URL(sent[0]!.url);
    expect(url.searchParams.getAll('sign')).toEqual(['27A00E566F34B4DC634D4CCD0ADC0AC4']);
    expect(url.searchParams.getAll('appKey')).toEqual([appKey]);
  });

  it('in debug-secret mode sends appSecret and no sign', async () => {
    const { client, sent } = observedClient({ mode: 'debug-secret' });
    await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: 'x', beginPage: 1, pageSize: 20, country: 'en' } },
    });
    const url = new URL(sent[0]!.url);
    expect(url.searchParams.get('appSecret')).toBe(appSecret);
    expect(url.searchParams.get('appKey')).toBe(appKey);
    expect(url.searchParams.has('sign')).toBe(false);
  });

  it('keeps headers and the abort signal of the original request', async () => {
    const { client, sent } = observedClient();
    const controller = new AbortController();
    await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: 'x', beginPage: 1, pageSize: 20, country: 'en' } },
      headers: { 'X-Request-Id': 'r-1' },
      signal: controller.signal,
    });
    expect(sent[0]!.headers.get('x-request-id')).toBe('r-1');
    controller.abort();
    expect(sent[0]!.signal.aborted).toBe(true);
  });
});

describe('signingMiddleware.signQuery (signing while the query is serialized)', () => {
  const query = 'keyword=%E8%BF%9E%E8%A1%A3%E8%A3%99&beginPage=1&pageSize=20&country=en';
  const signedUrl = `${BASE}/alibaba/product/keywordQuery?${query}&appKey=demoKey123&sign=27A00E566F34B4DC634D4CCD0ADC0AC4`;

  it('appends the credentials onRequest would add, and onRequest then passes that request on as it is', async () => {
    const middleware = signingMiddleware({ appKey, appSecret });
    expect(middleware.signQuery(query)).toBe(
      `${query}&appKey=demoKey123&sign=27A00E566F34B4DC634D4CCD0ADC0AC4`,
    );
    const request = new Request(signedUrl);
    expect(await middleware.onRequest({ request })).toBe(request);
    // Only once: a second identical request is checked and signed the usual way.
    const again = new Request(signedUrl);
    const signed = await middleware.onRequest({ request: again });
    expect(signed).not.toBe(again);
    expect(signed.url).toBe(signedUrl);
  });

  it('re-signs a query that changed after it was signed', async () => {
    const middleware = signingMiddleware({ appKey, appSecret });
    const presigned = middleware.signQuery(query);
    const tampered = new Request(
      `${BASE}/alibaba/product/keywordQuery?${presigned.replace('pageSize=20', 'pageSize=50')}`,
    );
    const url = new URL((await middleware.onRequest({ request: tampered })).url);
    expect(url.searchParams.get('pageSize')).toBe('50');
    expect(url.searchParams.get('sign')).toBe(
      md5('appKey=demoKey123&beginPage=1&country=en&keyword=连衣裙&pageSize=50&secret=demoSecret456'),
    );
  });

  it('leaves a query that already holds credentials to onRequest, which replaces them', async () => {
    const middleware = signingMiddleware({ appKey, appSecret });
    const withStale = `${query}&appKey=other&sign=STALE`;
    expect(middleware.signQuery(withStale)).toBe(withStale);
    const request = new Request(`${BASE}/alibaba/product/keywordQuery?${withStale}`);
    expect((await middleware.onRequest({ request })).url).toBe(signedUrl);
  });

  it('in debug-secret mode appends appKey and appSecret, and never a secret in sign mode', () => {
    expect(signingMiddleware({ appKey, appSecret, mode: 'debug-secret' }).signQuery('a=1')).toBe(
      'a=1&appKey=demoKey123&appSecret=demoSecret456',
    );
    expect(signingMiddleware({ appKey, appSecret }).signQuery('')).not.toContain(appSecret);
  });
});

describe('signingMiddleware on JSON bodies', () => {
  it('signs the reference preparePay body (§2.3) as top-level properties', async () => {
    const { client, sent } = observedClient();
    await client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId: '1234567890123456789' },
    });
    expect(sent[0]!.url).toBe(`${BASE}/alibaba/trade/pay/protocolPay/preparePay`);
    expect(sent[0]!.headers.get('content-type')).toBe('application/json');
    expect(await sent[0]!.text()).toBe(
      '{"orderId":"1234567890123456789","appKey":"demoKey123","sign":"B42F7548464914C2B55E16FA5F3784CA"}',
    );
  });

  it('keeps a 19-digit id written as a bare JSON number digit for digit, in the body and the sign', async () => {
    const { client, sent } = observedClient(
      {},
      { bodySerializer: () => '{ "orderId" : 1234567890123456789 }' }, // what a lossless serializer writes
    );
    await client.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: 'ignored' } });
    expect(await sent[0]!.text()).toBe(
      '{"orderId":1234567890123456789,"appKey":"demoKey123","sign":"B42F7548464914C2B55E16FA5F3784CA"}',
    );
  });

  it('signs nested arrays and objects as compact JSON text, and drops JSON nulls from the sign only', async () => {
    const { client, sent } = observedClient();
    const body = {
      offerId: 624271519034,
      toProvinceCode: '330000',
      toCityCode: '330100',
      toCountryCode: '330108',
      totalNum: 5,
      logisticsSkuNumModels: [{ skuId: '4398457826530', number: 5 }],
      note: null,
    };
    await client.POST('/alibaba/product/freightEstimate', { body: body as never });
    const sentBody = JSON.parse(await sent[0]!.text());
    expect(sentBody.note).toBeNull();
    expect(sentBody.sign).toBe(
      md5(
        'appKey=demoKey123&logisticsSkuNumModels=[{"skuId":"4398457826530","number":5}]&offerId=624271519034&toCityCode=330100&toCountryCode=330108&toProvinceCode=330000&totalNum=5&secret=demoSecret456',
      ),
    );
    expect(sentBody.sign).toBe(signParams({ ...body, appKey }, appSecret));
  });

  it('recomputes a sign that is already in the body, never sending two', async () => {
    const { client, sent } = observedClient();
    await client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId: '1234567890123456789', sign: 'STALE', appKey: 'other' } as never,
    });
    const text = await sent[0]!.text();
    expect(text).toBe(
      '{"orderId":"1234567890123456789","appKey":"demoKey123","sign":"B42F7548464914C2B55E16FA5F3784CA"}',
    );
  });

  it('in debug-secret mode puts appSecret in the body and removes any sign', async () => {
    const { client, sent } = observedClient({ mode: 'debug-secret' });
    await client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId: '1', sign: 'STALE' } as never,
    });
    expect(JSON.parse(await sent[0]!.text())).toEqual({ orderId: '1', appKey, appSecret });
  });

  it('refuses a JSON body that is not an object, with a message that says why', async () => {
    const { client } = observedClient({}, { bodySerializer: () => '[1,2]' });
    await expect(
      client.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: '1' } }),
    ).rejects.toThrow(/not a JSON object.*top-level JSON properties/);
  });
});

describe('signingMiddleware on form bodies', () => {
  const formData = (body: unknown) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(body as Record<string, string | Blob>)) form.append(key, value);
    return form;
  };

  it('adds appKey and sign as multipart fields, signing the text fields such as image_base64', async () => {
    const { client, sent } = observedClient({}, { bodySerializer: formData });
    const image =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await client.POST('/alibaba/upload/image', { body: { image_base64: image } });
    const request = sent[0]!;
    expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    expect([...form.keys()]).toEqual(['image_base64', 'appKey', 'sign']);
    expect(form.get('image_base64')).toBe(image);
    expect(form.get('sign')).toBe(md5(`appKey=demoKey123&image_base64=${image}&secret=demoSecret456`));
  });

  it('keeps file parts in the rebuilt body but leaves them out of the sign', async () => {
    const { client, sent } = observedClient({}, { bodySerializer: formData });
    const file = new File([new Uint8Array([1, 2, 3])], 'a.png', { type: 'image/png' });
    await client.POST('/alibaba/upload/image', { body: { image_base64: 'QUJD', file } as never });
    const form = await sent[0]!.formData();
    const kept = form.get('file') as File;
    expect(kept.name).toBe('a.png');
    expect(new Uint8Array(await kept.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(form.get('sign')).toBe(signParams({ appKey, image_base64: 'QUJD' }, appSecret));
  });

  it('adds appKey and sign to an urlencoded body, signing the decoded values', async () => {
    const { client, sent } = observedClient(
      {},
      {
        bodySerializer: (body: unknown) => new URLSearchParams(body as Record<string, string>).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      },
    );
    await client.POST('/alibaba/upload/image', { body: { image_base64: 'ab+/=' } });
    const text = await sent[0]!.text();
    const form = new URLSearchParams(text);
    expect(form.get('image_base64')).toBe('ab+/=');
    expect(form.get('sign')).toBe(md5('appKey=demoKey123&image_base64=ab+/=&secret=demoSecret456'));
    expect(sent[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  });

  it('refuses a body type Daji cannot read credentials from', async () => {
    const { client } = observedClient(
      {},
      { bodySerializer: () => 'plain', headers: { 'Content-Type': 'text/plain' } },
    );
    await expect(client.POST('/alibaba/upload/image', { body: { image_base64: 'x' } })).rejects.toThrow(
      /Cannot sign POST \/alibaba\/upload\/image: its body is sent as "text\/plain"/,
    );
  });
});

describe('secrets stay out of requests and errors in sign mode', () => {
  it('never puts the secret in the URL or the body of any kind of request', async () => {
    const { client, sent } = observedClient({}, {});
    await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: appSecret.slice(0, 4), beginPage: 1, pageSize: 20, country: 'en' } },
    });
    await client.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: '1' } });
    const form = new FormData();
    form.append('image_base64', 'QUJD');
    await client.POST('/alibaba/upload/image', {
      body: form as never,
      bodySerializer: (b) => b as unknown as FormData,
    });
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      expect(request.url).not.toContain(appSecret);
      expect(await request.text()).not.toContain(appSecret);
    }
  });

  it('removes an appSecret that reached the query of a request in sign mode', async () => {
    const request = new Request(`${BASE}/alibaba/product/keywordQuery?keyword=x&appSecret=${appSecret}`);
    const signed = await signRequest(request, { appKey, appSecret });
    expect(signed.url).not.toContain(appSecret);
    expect(new URL(signed.url).searchParams.get('sign')).toBe(
      signParams({ keyword: 'x', appKey }, appSecret),
    );
  });

  it('never echoes the secret in an error message', async () => {
    const failures: unknown[] = [];
    const capture = async (run: () => unknown) => {
      try {
        await run();
      } catch (error) {
        failures.push(error);
      }
    };
    await capture(() => signingMiddleware({ appKey: '', appSecret }));
    await capture(() => signingMiddleware({ appKey, appSecret, mode: appSecret as never }));
    await capture(() =>
      signRequest(
        new Request(BASE, { method: 'POST', body: '[]', headers: { 'content-type': 'application/json' } }),
        { appKey, appSecret },
      ),
    );
    await capture(() =>
      signRequest(
        new Request(BASE, { method: 'POST', body: appSecret, headers: { 'content-type': 'text/plain' } }),
        { appKey, appSecret },
      ),
    );
    await capture(() =>
      signRequest(
        new Request(BASE, {
          method: 'POST',
          body: `{"appSecret":${appSecret}}`,
          headers: { 'content-type': 'application/json' },
        }),
        { appKey, appSecret },
      ),
    );
    expect(failures).toHaveLength(5);
    for (const error of failures) {
      expect(error).toBeInstanceOf(TypeError);
      expect(`${(error as Error).message} ${(error as Error).stack}`).not.toContain(appSecret);
    }
  });
});

describe('signingMiddleware options', () => {
  it('names the missing field', () => {
    expect(() => signingMiddleware({ appSecret } as never)).toThrow(/appKey must be a non-empty string/);
    expect(() => signingMiddleware({ appKey } as never)).toThrow(/appSecret must be a non-empty string/);
    expect(() => signingMiddleware(undefined as never)).toThrow(/options must be an object/);
  });

  it('refuses an unknown mode and says which modes exist', () => {
    expect(() => signingMiddleware({ appKey, appSecret, mode: 'md5' as never })).toThrow(
      /mode must be 'sign' \(production\) or 'debug-secret'.*got another string/,
    );
  });
});

describe('requestSignature', () => {
  it('recomputes the sign of a received request the way Daji does', async () => {
    const signed = await signRequest(
      new Request(`${BASE}/alibaba/trade/pay/protocolPay/preparePay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderId: '1234567890123456789' }),
      }),
      { appKey, appSecret },
    );
    const check = await requestSignature(signed, appSecret);
    expect(check).toEqual({
      received: 'B42F7548464914C2B55E16FA5F3784CA',
      expected: 'B42F7548464914C2B55E16FA5F3784CA',
    });
    expect(signed.bodyUsed).toBe(false); // read from a clone
  });

  it('tells a tampered request apart', async () => {
    const url = `${BASE}/alibaba/product/keywordQuery?keyword=x&appKey=${appKey}&sign=${signParams({ keyword: 'x', appKey }, appSecret)}`;
    const tampered = url.replace('keyword=x', 'keyword=y');
    const good = await requestSignature(new Request(url), appSecret);
    const bad = await requestSignature(new Request(tampered), appSecret);
    expect(good.received).toBe(good.expected);
    expect(bad.received).not.toBe(bad.expected);
    expect(canonicalString({ keyword: 'y', appKey }, appSecret)).toContain('keyword=y');
  });
});
