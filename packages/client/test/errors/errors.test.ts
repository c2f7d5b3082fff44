import { describe, expect, it } from 'vitest';
import {
  DajiAbortError,
  DajiBusinessError,
  DajiError,
  DajiHttpError,
  DajiNetworkError,
  unwrap,
} from '../../src/index.js';
import { createObservedClient, envelope, json } from '../helpers/observed-client.js';

const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;
const notActivated = {
  code: 500,
  message: '请创建应用，再联系平台进行激活',
  data: null,
  timestamp: 1724224057972,
  traceId: '0a1b2c3d4e5f',
};

describe('errors', () => {
  it('returns a DajiBusinessError, not data, when HTTP is 200 but the envelope code is not 200', async () => {
    const { client } = createObservedClient({}, () => json(notActivated));
    const result = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(DajiBusinessError);
    expect(result.error).toBeInstanceOf(DajiError);
    expect(result.error).toMatchObject({
      name: 'DajiBusinessError',
      code: 500,
      traceId: '0a1b2c3d4e5f',
      httpStatus: 200,
      operationId: 'keywordSearch',
    });
    expect(result.error?.message).toContain('请创建应用');
    expect(result.response.status).toBe(200);
  });

  it('parses a Spring-style 400 body into a DajiHttpError, preferring the informative fields', async () => {
    const spring = {
      timestamp: '2026-01-01T00:00:00.000+00:00',
      status: 400,
      error: 'Bad Request',
      message: 'No message available',
      path: '/alibaba/product/keywordQuery',
    };
    const { client } = createObservedClient({}, () => json(spring, { status: 400 }));
    const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeInstanceOf(DajiHttpError);
    const http = error as DajiHttpError;
    expect(http).toMatchObject({
      name: 'DajiHttpError',
      code: 400,
      httpStatus: 400,
      operationId: 'keywordSearch',
    });
    expect(http.body).toMatchObject({ error: 'Bad Request', path: '/alibaba/product/keywordQuery' });
    expect(http.message).toBe(
      'Daji answered HTTP 400 to keywordSearch (GET /alibaba/product/keywordQuery): Bad Request',
    );
  });

  it('reads problem+json detail', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'keyword must not be blank',
    };
    const { client } = createObservedClient({}, () =>
      json(problem, { status: 400, headers: { 'content-type': 'application/problem+json' } }),
    );
    const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeInstanceOf(DajiHttpError);
    expect(error?.message).toMatch(/keyword must not be blank$/);
    expect((error as DajiHttpError).body.detail).toBe('keyword must not be blank');
  });

  it('lists each violation a validating server (like the mock) reports', async () => {
    const problem = {
      type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY',
      title: 'Invalid request',
      status: 422,
      detail: 'Your request is not valid and no HTTP validation response was found in the spec.',
      validation: [
        {
          location: ['query'],
          severity: 'Error',
          code: 'required',
          message: "must have required property 'keyword'",
        },
      ],
    };
    const { client } = createObservedClient({ clientChecks: false }, () => json(problem, { status: 422 }));
    const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error?.message).toBe(
      "Daji answered HTTP 422 to keywordSearch (GET /alibaba/product/keywordQuery): Invalid request: must have required property 'keyword'",
    );
  });

  it('keeps a plain-text 5xx body as the message', async () => {
    const { client } = createObservedClient(
      {},
      () => new Response('upstream timeout', { status: 502, statusText: 'Bad Gateway' }),
    );
    const { error } = await client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId: '2257164624870311973' },
    });
    expect(error).toBeInstanceOf(DajiHttpError);
    expect(error).toMatchObject({ httpStatus: 502, code: 502, operationId: 'preparePay' });
    expect(error?.message).toContain('upstream timeout');
  });

  it('treats a 200 answer that is not JSON as an HTTP error, never as success', async () => {
    const { client } = createObservedClient({}, () => new Response('<html>gateway</html>', { status: 200 }));
    const { data, error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(DajiHttpError);
    expect(error?.message).toContain('without a JSON envelope');
  });

  it('throws a DajiNetworkError when no answer arrives', async () => {
    const { client } = createObservedClient({}, () => {
      throw new TypeError('fetch failed');
    });
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await expect(call).rejects.toBeInstanceOf(DajiNetworkError);
    await expect(call).rejects.toMatchObject({ code: 'NETWORK', operationId: 'keywordSearch' });
  });

  it('throws a DajiAbortError when the caller aborts, before or during the call', async () => {
    const before = new AbortController();
    before.abort();
    const { client, requests } = createObservedClient({}, (request) => {
      return new Promise<Response>((_, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason)),
      );
    });
    await expect(
      client.GET('/alibaba/product/keywordQuery', { params: { query }, signal: before.signal }),
    ).rejects.toBeInstanceOf(DajiAbortError);
    expect(requests).toHaveLength(0);

    const during = new AbortController();
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query }, signal: during.signal });
    await Promise.resolve();
    during.abort();
    await expect(call).rejects.toMatchObject({
      name: 'DajiAbortError',
      code: 'ABORTED',
      operationId: 'keywordSearch',
    });
  });

  it('throwOnError makes a business failure throw and a success return the envelope', async () => {
    let answer: unknown = notActivated;
    const { client } = createObservedClient({ throwOnError: true }, () => json(answer));
    await expect(client.GET('/alibaba/product/keywordQuery', { params: { query } })).rejects.toBeInstanceOf(
      DajiBusinessError,
    );
    answer = envelope({ totalRecords: 0, totalPage: 0, pageSize: 20, currentPage: 1, data: [] });
    const { data } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(data.code).toBe(200);
    expect(data.traceId).toBe('6b9849c1a5b0');
  });

  it('unwrap returns the payload or throws the call’s own error', async () => {
    let answer: unknown = envelope({ imageId: '1723633532159012345' });
    const { client } = createObservedClient({}, () => json(answer));
    const payload = await unwrap(
      client.GET('/alibaba/upload/image', {
        params: { query: { imageUrl: 'https://cbu01.alicdn.com/a.jpg' } },
      }),
    );
    expect(payload.imageId).toBe('1723633532159012345');
    answer = notActivated;
    await expect(
      unwrap(
        client.GET('/alibaba/upload/image', {
          params: { query: { imageUrl: 'https://cbu01.alicdn.com/a.jpg' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'DajiBusinessError',
      operationId: 'uploadImageByGet',
    });
  });

  it('unwrap refuses a raw result whose envelope is a failure', async () => {
    const raw = { data: notActivated, response: new Response() };
    await expect(unwrap(raw)).rejects.toBeInstanceOf(DajiBusinessError);
    await expect(unwrap(raw)).rejects.toThrow(
      'Daji refused a call to Daji (code 500): 请创建应用，再联系平台进行激活',
    );
  });
});

describe('options', () => {
  it.each([
    [{ appKey: '' }, /options\.appKey must be a non-empty string/],
    [{ appSecret: 42 }, /options\.appSecret must be a non-empty string .* got number 42/],
    [{ baseUrl: 'ftp://example.com' }, /options\.baseUrl must be an http\(s\) URL/],
    [{ baseUrl: 'not a url' }, /options\.baseUrl must be an http\(s\) URL/],
    [{ timeoutMs: 0 }, /options\.timeoutMs must be a whole number of milliseconds/],
    [{ timeoutMs: 1.5 }, /options\.timeoutMs/],
    [{ credentials: 'plain' }, /options\.credentials must be 'sign' \(production\) or 'debug-secret'/],
    [{ fetch: 'fetch' }, /options\.fetch must be a function/],
    [{ logger: {} }, /options\.logger must have info\(\) and warn\(\)/],
    [{ throwOnError: 'yes' }, /options\.throwOnError must be true or false/],
  ])('rejects %j with a message naming the field', async (bad, message) => {
    const { createDajiClient } = await import('../../src/index.js');
    expect(() =>
      createDajiClient({ appKey: 'demoKey123', appSecret: 'demoSecret456', ...(bad as object) }),
    ).toThrow(message);
  });

  it('never echoes a wrong appSecret value in the error', async () => {
    const { createDajiClient } = await import('../../src/index.js');
    expect(() => createDajiClient({ appKey: 'k', appSecret: '   ' })).toThrow(/got a string\.$/);
  });

  it('rejects a per-call timeoutMs that is not a positive whole number', async () => {
    const { client } = createObservedClient({}, () => json(envelope({ data: [] })));
    await expect(
      client.GET('/alibaba/product/keywordQuery', { params: { query }, timeoutMs: -1 }),
    ).rejects.toThrow(/keywordSearch: timeoutMs must be a whole number of milliseconds/);
  });
});
