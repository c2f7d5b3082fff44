import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockServer } from '@daji-openapi/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, closedPort, credentials, daji, expectNoSecret } from './support/daji.js';
import { startMock } from './support/mock.js';

interface Field {
  name: string;
  required: boolean;
  example?: unknown;
}
interface Operation {
  operationId: string;
  query: Field[];
  queryAnyOf?: string[][];
  body?: { fields: Field[]; example?: Record<string, unknown> };
}

let mock: MockServer;
let env: NodeJS.ProcessEnv;
let operations: Operation[];
const dir = mkdtempSync(join(tmpdir(), 'daji-call-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  mock = await startMock();
  env = baseEnv(credentials(mock.url));
  operations = JSON.parse((await daji(['ops', '--json'], baseEnv())).stdout) as Operation[];
});
afterAll(() => mock?.close());

/** The arguments of a call built from the spec's own examples: required query parameters, or the example body. */
function exampleArgs(operation: Operation): string[] {
  if (operation.body) {
    const file = join(dir, `${operation.operationId}.json`);
    writeFileSync(file, JSON.stringify(operation.body.example));
    return ['call', operation.operationId, '--body', file];
  }
  return [
    'call',
    operation.operationId,
    ...operation.query
      .filter((f) => f.required || operation.queryAnyOf?.[0]?.includes(f.name))
      .map((f) => `${f.name}=${String(f.example)}`),
  ];
}

describe('daji call', () => {
  it('knows every operation of the spec', () => {
    expect(operations.length).toBeGreaterThanOrEqual(16);
  });

  it('calls every operation with its spec example and prints its data as JSON (exit 0)', async () => {
    for (const operation of operations) {
      const run = await daji(exampleArgs(operation), env);
      expect({ operation: operation.operationId, code: run.code, stderr: run.stderr }).toEqual({
        operation: operation.operationId,
        code: 0,
        stderr: '',
      });
      expect(() => JSON.parse(run.stdout)).not.toThrow();
      expectNoSecret(run);
    }
  });

  it('prints 19-digit order ids exactly', async () => {
    const run = await daji(['call', 'getOrderDetail', 'orderId=2257164624870311973'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"2257164624870311973"');
  });

  it('keeps an id Daji sends as a bare 19-digit JSON number exact', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        '{"code":200,"message":"ok","data":{"orderId":2257164624870311973,"n":5},"timestamp":1,"traceId":"t1"}',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const run = await daji(
        ['call', 'getOrderDetail', 'orderId=2257164624870311973', '--compact'],
        baseEnv(credentials(`http://127.0.0.1:${port}`)),
      );
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe('{"orderId":"2257164624870311973","n":5}');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reads a body with a bare 19-digit number without rounding it', async () => {
    const run = await daji(
      ['call', 'getOrderDetail', '--body', '-'],
      env,
      '{"orderId": 2257164624870311973}',
    );
    expect(run.code).toBe(0);
  });

  it('uploads a picture read from a file with image_base64=@FILE', async () => {
    const picture = join(dir, 'pixel.png');
    writeFileSync(
      picture,
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    const run = await daji(['call', 'uploadImage', `image_base64=@${picture}`], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toBeTruthy();
    const missing = await daji(['call', 'uploadImage', `image_base64=@${join(dir, 'nope.png')}`], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });

  it('--envelope prints code, message, data, timestamp and traceId', async () => {
    const run = await daji(['call', 'getCategory', 'categoryID=0', '--envelope'], env);
    expect(run.code).toBe(0);
    const envelope = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(expect.arrayContaining(['code', 'message', 'data', 'traceId']));
    expect(envelope.code).toBe(200);
  });

  it('types key=value as the spec says: numbers, enums, comma lists', async () => {
    const run = await daji(
      [
        'call',
        'confirmReceipt',
        'orderId=2257164624870311973',
        'orderEntryIds=2257164624871311973,2257164624871311974',
      ],
      env,
    );
    expect(run.code).toBe(0);
    const search = await daji(
      ['call', 'keywordSearch', 'keyword=连衣裙', 'beginPage=1', 'pageSize=2', 'country=en'],
      env,
    );
    expect(search.code).toBe(0);
  });

  it('refuses an unknown parameter before sending, listing the valid ones (exit 2)', async () => {
    const run = await daji(['call', 'getCategory', 'categoryID=0', 'categoryId=1'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('getCategory has no parameter "categoryId"');
    expect(run.stderr).toContain('categoryID* (integer, 0..)');
    expect(run.stdout).toBe('');
  });

  it('refuses a missing required parameter, listing the valid ones (exit 2)', async () => {
    const run = await daji(['call', 'keywordSearch', 'keyword=连衣裙'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('keywordSearch is missing required parameters beginPage, pageSize, country');
    expect(run.stderr).toContain('keyword* (string)');
  });

  it('refuses a value outside the spec’s limits before sending (exit 2)', async () => {
    const enumRun = await daji(
      ['call', 'cancelOrder', 'orderId=2257164624870311973', 'webSite=1688', 'cancelReason=nope'],
      env,
    );
    expect(enumRun.code).toBe(2);
    expect(enumRun.stderr).toContain(
      'cancelOrder: body.cancelReason is "nope"; Daji accepts one of "buyerCancel", "sellerGoodsLack", "other".',
    );
    // The list of valid parameters follows, as for an unknown one.
    expect(enumRun.stderr).toContain('cancelReason* (string, one of buyerCancel|sellerGoodsLack|other)');
    const range = await daji(
      ['call', 'keywordSearch', 'keyword=x', 'beginPage=1', 'pageSize=51', 'country=en'],
      env,
    );
    expect(range.code).toBe(2);
    expect(range.stderr).toContain(
      'keywordSearch: query.pageSize is 51; Daji accepts an integer from 1 to 50.',
    );
    const pattern = await daji(
      ['call', 'imageSearch', 'imageId=abc', 'beginPage=1', 'pageSize=5', 'country=en'],
      env,
    );
    expect(pattern.code).toBe(2);
    expect(pattern.stderr).toContain('imageSearch: query.imageId is "abc"');
    const neither = await daji(['call', 'imageSearch', 'beginPage=1', 'pageSize=5', 'country=en'], env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('imageSearch: query.imageId is missing');
    expect(neither.stderr).toContain('at least one of: imageId or imageAddress');
    const notNumber = await daji(
      ['call', 'keywordSearch', 'keyword=x', 'beginPage=one', 'pageSize=5', 'country=en'],
      env,
    );
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('beginPage must be a number');
  });

  it('needs exactly one of the alternative names of a field (orderId or tradeID)', async () => {
    const both = await daji(
      [
        'call',
        'cancelOrder',
        'orderId=2257164624870311973',
        'tradeID=2257164624870311973',
        'webSite=1688',
        'cancelReason=other',
      ],
      env,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cancelOrder needs exactly one of orderId or tradeID; several were given.');
    const neither = await daji(['call', 'cancelOrder', 'webSite=1688', 'cancelReason=other'], env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('none was given');
    const tradeId = await daji(
      ['call', 'cancelOrder', 'tradeID=2257164624870311973', 'webSite=1688', 'cancelReason=other'],
      env,
    );
    expect(tradeId.code).toBe(0);
  });

  it('refuses an unknown field in a --body file (exit 2)', async () => {
    const run = await daji(
      ['call', 'getOrderDetail', '--body', '-'],
      env,
      '{"orderId":"2257164624870311973","ordreId":"1"}',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('getOrderDetail has no parameter "ordreId"');
  });

  it('refuses credentials passed as parameters or in the body (exit 2)', async () => {
    const asParam = await daji(['call', 'getCategory', 'categoryID=0', 'appSecret=oops-secret'], env);
    expect(asParam.code).toBe(2);
    expect(asParam.stderr).toContain('credentials come from DAJI_APP_KEY');
    expect(asParam.stderr).not.toContain('oops-secret');
    const inBody = await daji(['call', 'getOrderDetail', '--body', '-'], env, '{"orderId":"1","sign":"AB"}');
    expect(inBody.code).toBe(2);
    expect(inBody.stderr).toContain('leave credentials out');
  });

  it('refuses an unknown operation, suggesting the closest (exit 2)', async () => {
    const run = await daji(['call', 'getOrder'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean getOrderDetail');
  });

  it('exits 1 with the typed business error on stderr when Daji refuses', async () => {
    const run = await daji(
      ['call', 'getCategory', 'categoryID=0', '-H', 'Prefer: example=appNotActivated'],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^daji call: DajiBusinessError: Daji refused getCategory \(code 500\)/);
    expect(run.stderr).toMatch(/code 500, HTTP 200, traceId \w+/);
  });

  it('exits 1 when 1688 refuses inside a successful envelope (success: false)', async () => {
    const run = await daji(
      [
        'call',
        'cancelOrder',
        'orderId=2257164624870311973',
        'webSite=1688',
        'cancelReason=buyerCancel',
        '-H',
        'Prefer: example=alreadyPaid',
      ],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1688 refused cancelOrder: ORDER_STATUS_ERROR');
  });

  it('exits 3 with a DajiHttpError for a refused signature, never printing the secret', async () => {
    const run = await daji(
      ['call', 'getCategory', 'categoryID=0'],
      baseEnv(credentials(mock.url, 'wrong-secret-77')),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('DajiHttpError: Daji answered HTTP 400');
    expectNoSecret(run, 'wrong-secret-77');
  });

  it('exits 3 with a DajiNetworkError when nothing listens', async () => {
    const port = await closedPort();
    const run = await daji(
      ['call', 'getCategory', 'categoryID=0'],
      baseEnv(credentials(`http://127.0.0.1:${port}`)),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('DajiNetworkError');
    expectNoSecret(run);
  });

  it('--json puts the error on stderr as one JSON object', async () => {
    const run = await daji(
      ['call', 'getCategory', 'categoryID=0', '--json', '-H', 'Prefer: example=appNotActivated'],
      env,
    );
    expect(run.code).toBe(1);
    const { error, exitCode } = JSON.parse(run.stderr) as {
      error: { name: string; code: number; traceId: string };
      exitCode: number;
    };
    expect(error.name).toBe('DajiBusinessError');
    expect(error.code).toBe(500);
    expect(error.traceId).toBeTruthy();
    expect(exitCode).toBe(1);
  });

  it('exits 2 naming the missing credentials', async () => {
    const run = await daji(['call', 'getCategory', 'categoryID=0'], baseEnv({ DAJI_BASE_URL: mock.url }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No app key: set DAJI_APP_KEY');
    expect(run.stderr).toContain('No app secret: set DAJI_APP_SECRET');
  });
});
