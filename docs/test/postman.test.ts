// The published Postman collection: its signing script reproduces Daji's rule (the worked examples, and
// signParams on nested values, nulls, empty strings and 19-digit numbers), and newman — Postman's own
// runner — sends every operation of the bundled spec to a real `daji-mock` that checks signatures.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { signParams } from '@daji-openapi/retry-policies';
import cryptoJs from 'crypto-js';
import newman from 'newman';
import { Request as PostmanRequest, VariableScope } from 'postman-collection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COLLECTION_FILE,
  DEFAULT_VARIABLES,
  requestsOf,
  SIGN_SCRIPT,
  writePostmanCollection,
} from '../scripts/postman.mjs';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const collectionPath = join(docsDir, 'dist', COLLECTION_FILE);
const specJson = resolve(docsDir, '../spec/dist/openapi.json');
const APP = { appKey: 'demoKey123', appSecret: 'demoSecret456' };

const signScript = await readFile(SIGN_SCRIPT, 'utf8');

/** The members of postman-collection's Request that the tests read. */
interface PmParam {
  key: string;
  value: string;
  type?: string;
  src?: string;
}
interface PmRequest {
  url: { query: { all(): PmParam[] } };
  body: { raw: string; formdata: { all(): PmParam[] } };
  toJSON(): object;
}
const newRequest = (definition: object): PmRequest => new PostmanRequest(definition);

/** Runs the collection's pre-request script on `request` as Postman does: `pm` plus the sandbox's crypto-js. */
function runSignScript(request: PmRequest, variables: Record<string, string> = APP): PmRequest {
  const scope = new VariableScope({
    values: Object.entries(variables).map(([key, value]) => ({ key, value, type: 'string' })),
  });
  const pm = {
    request,
    variables: { get: (key: string) => scope.get(key), replaceIn: (text: string) => scope.replaceIn(text) },
  };
  const sandboxRequire = (name: string) => {
    if (name === 'crypto-js') return cryptoJs;
    throw new Error(`the Postman sandbox has no module ${name}`);
  };
  vm.runInNewContext(signScript, { pm, require: sandboxRequire });
  return request;
}

const queryOf = (request: PmRequest) =>
  Object.fromEntries(request.url.query.all().map((p) => [p.key, p.value]));
const jsonRequest = (raw: string) =>
  newRequest({
    method: 'POST',
    url: '{{baseUrl}}/alibaba/trade/pay/protocolPay/preparePay',
    header: [{ key: 'Content-Type', value: 'application/json' }],
    body: { mode: 'raw', raw },
  });
const signOfJson = (request: PmRequest) => /"sign":"([0-9A-F]{32})"/.exec(request.body.raw)?.[1];

describe('the collection pre-request script', () => {
  it('signs the keyword-search worked example (GET) as 27A00E566F34B4DC634D4CCD0ADC0AC4', () => {
    const request = runSignScript(
      newRequest({
        method: 'GET',
        url: '{{baseUrl}}/alibaba/product/keywordQuery?appKey={{appKey}}&sign=x&appSecret=leak&keyword=连衣裙&beginPage=1&pageSize=20&country=en',
      }),
    );
    expect(queryOf(request)).toEqual({
      keyword: '连衣裙',
      beginPage: '1',
      pageSize: '20',
      country: 'en',
      appKey: 'demoKey123',
      sign: '27A00E566F34B4DC634D4CCD0ADC0AC4',
    });
  });

  it('signs a value already percent-encoded in the URL by its decoded text, as the server reads it', () => {
    const request = runSignScript(
      newRequest({
        method: 'GET',
        url: 'http://x/alibaba/product/keywordQuery?keyword=%E8%BF%9E%E8%A1%A3%E8%A3%99&beginPage=1&pageSize=20&country=en',
      }),
    );
    expect(queryOf(request).sign).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
    const plus = runSignScript(newRequest({ method: 'GET', url: 'http://x/p?remark=a+b%2Bc&empty=' }));
    expect(queryOf(plus).sign).toBe(
      signParams({ appKey: APP.appKey, remark: 'a b+c', empty: '' }, APP.appSecret),
    );
  });

  it('signs the preparePay worked example (JSON body) as B42F7548464914C2B55E16FA5F3784CA', () => {
    const request = runSignScript(
      jsonRequest('{\n  "appKey": "{{appKey}}",\n  "orderId": "1234567890123456789",\n  "sign": "x"\n}'),
    );
    expect(signOfJson(request)).toBe('B42F7548464914C2B55E16FA5F3784CA');
    expect(JSON.parse(request.body.raw)).toEqual({
      appKey: 'demoKey123',
      orderId: '1234567890123456789',
      sign: 'B42F7548464914C2B55E16FA5F3784CA',
    });
  });

  it('signs nested values as compact JSON, keeps empty strings and drops nulls, like signParams', () => {
    const body = {
      addressParam: { fullName: '张三', mobile: '13800000000', address: '文三路 90 号' },
      cargoParamList: [{ offerId: '670291644950', specId: 'b6f1', quantity: 2 }],
      message: '',
      outOrderId: null,
      flow: 'general',
      isPreview: true,
      _debug: 0,
      Zeta: 'upper case sorts first',
    };
    const request = runSignScript(jsonRequest(JSON.stringify(body, null, 4)));
    expect(signOfJson(request)).toBe(signParams({ appKey: APP.appKey, ...body }, APP.appSecret));
  });

  it('keeps every digit of a 19-digit id written as a bare JSON number, in the sign and in the body', () => {
    const request = runSignScript(jsonRequest('{"orderId": 2257164624870311973, "webSite": "1688"}'));
    expect(request.body.raw).toContain('"orderId":2257164624870311973');
    expect(signOfJson(request)).toBe(
      signParams({ appKey: APP.appKey, orderId: 2257164624870311973n, webSite: '1688' }, APP.appSecret),
    );
  });

  it('signs the text fields of a multipart upload and leaves file parts out', () => {
    const request = runSignScript(
      newRequest({
        method: 'POST',
        url: 'http://x/alibaba/upload/image',
        body: {
          mode: 'formdata',
          formdata: [
            { key: 'appKey', value: 'string', type: 'text' },
            { key: 'image_base64', value: 'iVBORw0KGgo=', type: 'text' },
            { key: 'extra', src: '/tmp/picture.png', type: 'file' },
            { key: 'appSecret', value: 'leak', type: 'text' },
          ],
        },
      }),
    );
    const fields = request.body.formdata.all().map((f) => [f.key, f.type === 'file' ? f.src : f.value]);
    const expected = signParams({ appKey: APP.appKey, image_base64: 'iVBORw0KGgo=' }, APP.appSecret);
    expect(fields).toEqual([
      ['image_base64', 'iVBORw0KGgo='],
      ['extra', '/tmp/picture.png'],
      ['appKey', 'demoKey123'],
      ['sign', expected],
    ]);
  });

  it('signs a URL-encoded form by its decoded fields', () => {
    const request = runSignScript(
      newRequest({
        method: 'POST',
        url: 'http://x/alibaba/upload/image',
        body: {
          mode: 'urlencoded',
          urlencoded: [
            { key: 'image_base64', value: 'ab%2Bc+d' },
            { key: 'sign', value: 'x' },
          ],
        },
      }),
    );
    const fields = Object.fromEntries(
      (request.body as unknown as { urlencoded: { all(): PmParam[] } }).urlencoded
        .all()
        .map((f) => [f.key, f.value]),
    );
    expect(fields.sign).toBe(signParams({ appKey: APP.appKey, image_base64: 'ab+c d' }, APP.appSecret));
    expect(fields.appKey).toBe('demoKey123');
  });

  it('never puts appSecret into the request it sends', () => {
    const request = runSignScript(jsonRequest('{"appKey":"k","appSecret":"{{appSecret}}","orderId":"1"}'), {
      appKey: 'k',
      appSecret: 'topSecretValue',
    });
    expect(JSON.stringify(request.toJSON())).not.toContain('topSecretValue');
    expect(JSON.stringify(request.toJSON())).not.toContain('appSecret');
  });

  it('stops with a message naming the variables to set when appKey or appSecret is missing', () => {
    expect(() => runSignScript(jsonRequest('{}'), { appKey: 'k', appSecret: '' })).toThrow(
      /set the collection variables appKey and appSecret/,
    );
    expect(() => runSignScript(jsonRequest('[1]'))).toThrow(/JSON body must be an object/);
  });
});

describe('the built collection', () => {
  it('is exactly what the generator makes from the current bundled spec: reproducible, never stale', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daji-postman-'));
    try {
      const out = join(dir, COLLECTION_FILE);
      await writePostmanCollection({ spec: specJson, out });
      expect(await readFile(out, 'utf8')).toBe(await readFile(collectionPath, 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fills form fields from the spec's example, not from generated placeholder values", async () => {
    const spec = JSON.parse(await readFile(specJson, 'utf8'));
    const built = JSON.parse(await readFile(collectionPath, 'utf8'));
    const forms = requestsOf(built).filter(
      (item: { request: { body?: { mode?: string } } }) => item.request.body?.mode === 'formdata',
    );
    expect(forms.length, 'multipart operations').toBeGreaterThan(0);
    for (const { request } of forms) {
      const path = `/${request.url.path.join('/')}`;
      const media = spec.paths[path][request.method.toLowerCase()].requestBody.content['multipart/form-data'];
      const example = media.example ?? (Object.values(media.examples)[0] as { value: object }).value;
      for (const field of request.body.formdata) {
        if (field.key === 'appKey') expect(field.value).toBe('{{appKey}}');
        else if (field.key !== 'sign')
          expect(field.value, `${path} ${field.key}`).toBe(String(example[field.key]));
      }
    }
  });
});

interface Execution {
  item: { name: string };
  request: { method: string; url: { getPath(unresolved?: boolean): string } };
  response?: { code: number; text(): string };
  assertions?: { assertion: string; error?: { message: string } }[];
}
interface Summary {
  run: { executions: Execution[]; failures: unknown[]; stats: { requests: { total: number } } };
}

let mock: ChildProcess | undefined;
let mockUrl = '';
let collection: { item: unknown[]; variable: { key: string; value: string }[] };
let signed: Summary;
let wrongSecret: Summary;

function startMock(): Promise<string> {
  const pkg = createRequire(import.meta.url).resolve('@daji-openapi/mock-server/package.json');
  const bin = join(dirname(pkg), 'bin/daji-mock.js');
  const args = ['--port', '0', '--app-key', APP.appKey, '--app-secret', APP.appSecret, '--quiet'];
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  mock = child;
  return new Promise((resolveUrl, rejectUrl) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+) \(signature checks on/.exec(output)?.[1];
      if (url) resolveUrl(url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => rejectUrl(new Error(`daji-mock exited with ${code}:\n${output}`)));
  });
}

function runCollection(variables: Record<string, string>): Promise<Summary> {
  return new Promise((resolveRun, rejectRun) => {
    newman.run(
      {
        collection,
        envVar: Object.entries(variables).map(([key, value]) => ({ key, value })),
        reporters: [],
        timeoutRequest: 20_000,
      },
      (error: Error | null, summary: Summary) => (error ? rejectRun(error) : resolveRun(summary)),
    );
  });
}

type Content = Record<string, { example?: unknown; examples?: object }>;
interface Operation {
  requestBody?: { content?: Content };
  responses?: Record<string, { content?: Content }>;
}

/** `METHOD /path` (path variables as `:name`, as Postman writes them) of every operation in the bundled spec that has a request or response example. */
async function operationsWithExamples(): Promise<string[]> {
  const spec = JSON.parse(await readFile(specJson, 'utf8'));
  const hasExample = (content: Content = {}) =>
    Object.values(content).some(
      (media) => media.example !== undefined || Object.keys(media.examples ?? {}).length > 0,
    );
  const out: string[] = [];
  for (const [path, item] of Object.entries<Record<string, Operation>>(spec.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[method];
      if (!op) continue;
      const responses = Object.values(op.responses ?? {});
      if (hasExample(op.requestBody?.content) || responses.some((r) => hasExample(r.content))) {
        out.push(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
      }
    }
  }
  return out.sort();
}

const sent = (summary: Summary) =>
  summary.run.executions.map((e) => `${e.request.method} ${e.request.url.getPath(true)}`).sort();

describe('the collection run by newman against daji-mock with signature checks on', () => {
  beforeAll(async () => {
    collection = JSON.parse(await readFile(collectionPath, 'utf8'));
    mockUrl = await startMock();
    [signed, wrongSecret] = await Promise.all([
      runCollection({ baseUrl: mockUrl }),
      runCollection({ baseUrl: mockUrl, appSecret: 'notTheSecret' }),
    ]);
  }, 120_000);

  afterAll(() => {
    mock?.kill('SIGTERM');
  });

  it('points at the local mock with its demo credentials out of the box', () => {
    expect(Object.fromEntries(collection.variable.map((v) => [v.key, v.value]))).toEqual(DEFAULT_VARIABLES);
    const raw = JSON.stringify(requestsOf(collection).map((item: { request: unknown }) => item.request));
    expect(raw, 'a request carrying the debug appSecret').not.toMatch(/"key":\s*"appSecret"|"appSecret":/);
  });

  it('sends every operation that has an example, and daji-mock accepts each one', async () => {
    expect(sent(signed)).toEqual(await operationsWithExamples());
    const refused = signed.run.executions
      .filter((e) => e.response?.code !== 200 || e.assertions?.some((a) => a.error))
      .map((e) => `${e.item.name}: HTTP ${e.response?.code} ${e.response?.text().slice(0, 300)}`);
    expect(refused).toEqual([]);
    expect(signed.run.failures).toEqual([]);
  });

  it('with a wrong appSecret, every request is refused with HTTP 400 naming the sign', () => {
    expect(wrongSecret.run.executions).toHaveLength(signed.run.executions.length);
    const accepted = wrongSecret.run.executions
      .filter((e) => e.response?.code !== 400 || !/Parameter 'sign' does not match/.test(e.response.text()))
      .map((e) => `${e.item.name}: HTTP ${e.response?.code}`);
    expect(accepted).toEqual([]);
  });
});
