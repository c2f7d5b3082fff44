import { signParams, signRequest } from '@daji-openapi/retry-policies';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, type RequestRecord, startMockServer } from '../src/index.js';
import { app, debugSigned, send, signed } from './support/requests.js';
import { spec } from './support/spec.js';

const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);
ajv.addSchema({ ...spec, $id: 'openapi.json' }, 'openapi.json');
const validateErrorBody = ajv.compile({ $ref: 'openapi.json#/components/schemas/ErrorBody' });

const onePixelPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

// One request of each kind Daji signs: query (GET), top-level JSON properties, multipart form fields.
const kinds = [
  {
    kind: 'GET query',
    method: 'get' as const,
    path: '/alibaba/product/keywordQuery',
    mediaType: undefined,
    params: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' },
    tamper: { keyword: '衬衫' },
  },
  {
    kind: 'JSON body',
    method: 'post' as const,
    path: '/alibaba/trade/pay/protocolPay/preparePay',
    mediaType: 'application/json',
    params: { orderId: '1234567890123456789' },
    tamper: { orderId: '1234567890123456788' },
  },
  {
    kind: 'multipart form',
    method: 'post' as const,
    path: '/alibaba/upload/image',
    mediaType: 'multipart/form-data',
    params: { image_base64: onePixelPng },
    tamper: { image_base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ' },
  },
];

let mock: MockServer;
const records: RequestRecord[] = [];
const responseTexts: string[] = [];

async function call(kind: (typeof kinds)[number], params: Record<string, unknown>) {
  const response = await send(mock.url, kind.method, kind.path, params, kind.mediaType);
  const text = await response.text();
  responseTexts.push(text, JSON.stringify([...response.headers]));
  return { status: response.status, body: JSON.parse(text) };
}

function expectSpringError(
  result: { status: number; body: Record<string, unknown> },
  path: string,
  mentions: RegExp,
) {
  expect(result.status).toBe(400);
  expect(result.body).toMatchObject({ status: 400, error: 'Bad Request', path });
  expect(result.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  expect(result.body.message).toMatch(mentions);
  expect(validateErrorBody(result.body), ajv.errorsText(validateErrorBody.errors)).toBe(true);
}

beforeAll(async () => {
  mock = await startMockServer({ port: 0, verifySignature: app, onRequest: (r) => records.push(r) });
});
afterAll(() => mock.close());

describe.each(kinds)('signature check on a $kind', (kind) => {
  it('lets a correctly signed request through to Prism', async () => {
    const result = await call(kind, signed(kind.params));
    expect(result.status).toBe(200);
    expect(result.body.code).toBe(200);
  });

  it('rejects a wrong sign with a Spring-style 400', async () => {
    const params = {
      ...kind.params,
      appKey: app.appKey,
      sign: signParams({ ...kind.params, appKey: app.appKey }, 'not-the-secret'),
    };
    expectSpringError(await call(kind, params), kind.path, /'sign' does not match/);
  });

  it('rejects a request without sign', async () => {
    expectSpringError(
      await call(kind, { ...kind.params, appKey: app.appKey }),
      kind.path,
      /'sign' is not present/,
    );
  });

  it('rejects a request without appKey', async () => {
    const { appKey: _, ...params } = signed(kind.params);
    expectSpringError(await call(kind, params), kind.path, /'appKey' is not present/);
  });

  it('rejects an unknown appKey', async () => {
    const params = signed(kind.params, { appKey: 'someoneElse', appSecret: app.appSecret });
    expectSpringError(await call(kind, params), kind.path, /Unknown appKey 'someoneElse'/);
  });

  it('rejects a parameter changed after signing', async () => {
    const params = { ...signed(kind.params), ...kind.tamper };
    expectSpringError(await call(kind, params), kind.path, /'sign' does not match/);
  });

  it('accepts the raw appSecret in place of sign (debug mode)', async () => {
    const result = await call(kind, debugSigned(kind.params));
    expect(result.status).toBe(200);
    expect(result.body.code).toBe(200);
  });

  it('rejects a wrong appSecret in debug mode', async () => {
    const params = debugSigned(kind.params, { appKey: app.appKey, appSecret: 'guessed' });
    expectSpringError(await call(kind, params), kind.path, /'appSecret' does not match/);
  });
});

describe('signature check details', () => {
  const get = kinds[0]!;
  const json = kinds[1]!;

  it('runs before Prism validation: a badly signed request that also breaks the contract is refused for its signature', async () => {
    const params = { appKey: app.appKey, sign: '0'.repeat(32), beginPage: 1 };
    expectSpringError(await call(get, params), get.path, /'sign' does not match/);
  });

  it('shows the string to sign with the secret replaced by a placeholder', async () => {
    const params = { ...get.params, appKey: app.appKey, sign: 'F'.repeat(32) };
    const result = await call(get, params);
    expect(result.body.message).toContain(
      "'appKey=demoKey123&beginPage=1&country=en&keyword=连衣裙&pageSize=20&secret=<appSecret>'",
    );
  });

  it('says so when the sign is right but in lower case', async () => {
    const params = signed(get.params);
    expectSpringError(
      await call(get, { ...params, sign: String(params.sign).toLowerCase() }),
      get.path,
      /must be upper-case hex/,
    );
  });

  it('signs a 19-digit order id sent as a bare JSON number with every digit', async () => {
    // Daji's worked example (reference §2.3): only the exact digits give B42F7548…; the check passes and Prism
    // then rejects the number, because the contract wants the order id as a string.
    const response = await fetch(`${mock.url}${json.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"appKey":"demoKey123","orderId":1234567890123456789,"sign":"B42F7548464914C2B55E16FA5F3784CA"}',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('orderId');
  });

  it("accepts requests signed by retry-policies' signRequest, the client's signing code", async () => {
    const requests = [
      new Request(
        `${mock.url}/alibaba/product/keywordQuery?keyword=%E8%A1%AC%E8%A1%AB&beginPage=1&pageSize=20&country=en`,
      ),
      new Request(`${mock.url}/alibaba/trade/pay/protocolPay/preparePay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{ "orderId" : "1234567890123456789" }',
      }),
    ];
    const form = new FormData();
    form.append('image_base64', onePixelPng);
    requests.push(new Request(`${mock.url}/alibaba/upload/image`, { method: 'POST', body: form }));
    for (const request of requests) {
      const response = await fetch(await signRequest(request, app));
      expect(response.status, await response.clone().text()).toBe(200);
    }
  });

  it('signs a repeated query parameter as one pair per value', async () => {
    const url = `${mock.url}${get.path}?keyword=x&beginPage=1&pageSize=20&country=en&outMemberId=a&outMemberId=b`;
    const response = await fetch(await signRequest(new Request(url), app));
    // Past the signature check; Prism then rejects the repetition, since the spec declares one string.
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('outmemberid must be string');
  });

  it("accepts a sign computed without Prism's __ switches", async () => {
    const response = await fetch(
      `${mock.url}${get.path}?${new URLSearchParams({ ...(signed(get.params) as Record<string, string>), __example: 'ok' })}`,
    );
    expect(response.status).toBe(200);
  });

  it('answers malformed JSON with a Spring-style 400', async () => {
    const response = await fetch(`${mock.url}${json.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"appKey": "demoKey123",',
    });
    const body = await response.json();
    expectSpringError({ status: response.status, body }, json.path, /JSON parse error/);
  });

  it('does not quote a malformed JSON body, which may hold the secret', async () => {
    for (const body of [
      '{"appSecret":demoSecret456}',
      'demoSecret456',
      '{"appKey":"demoKey123","appSecret":"demoSecret456"',
    ]) {
      const response = await fetch(`${mock.url}${json.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      responseTexts.push(text);
      expect(response.status).toBe(400);
      expect(JSON.parse(text).message).toMatch(/^JSON parse error: the request body is not valid JSON/);
      expect(text).not.toContain('demoSecret');
    }
  });

  it('never puts the app secret in a response or a request record', () => {
    expect(responseTexts.length).toBeGreaterThan(20);
    for (const text of responseTexts) expect(text).not.toContain(app.appSecret);
    expect(records.length).toBeGreaterThan(20);
    for (const record of records) expect(JSON.stringify(record)).not.toContain(app.appSecret);
  });
});

describe('without verifySignature', () => {
  let open: MockServer;
  beforeAll(async () => {
    open = await startMockServer({ port: 0 });
  });
  afterAll(() => open.close());

  it('serves a request whose sign is wrong', async () => {
    const params = { ...kinds[0]!.params, appKey: 'anyKey', sign: 'A'.repeat(32) };
    const response = await send(open.url, 'get', kinds[0]!.path, params);
    expect(response.status).toBe(200);
  });

  it('still serves debug-mode requests, although the spec requires sign', async () => {
    const response = await send(open.url, 'post', kinds[1]!.path, debugSigned(kinds[1]!.params));
    expect(response.status).toBe(200);
  });
});
