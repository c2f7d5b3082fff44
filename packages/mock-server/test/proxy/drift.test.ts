import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import {
  conformingOrder,
  conformingSearch,
  credentials,
  json,
  startFakeUpstream,
  startProxy,
  testSpec,
} from './fake-upstream.js';

const search = (base: string, extra = '') =>
  fetch(
    `${base}/alibaba/product/keywordQuery?appKey=${credentials.appKey}&sign=${credentials.sign}&keyword=%E8%A3%99${extra}`,
  );
const order = (base: string, scenario: string) =>
  fetch(`${base}/alibaba/trade/get/buyerView`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-scenario': scenario },
    body: JSON.stringify({
      appKey: credentials.appKey,
      sign: credentials.sign,
      orderId: '2257164624870311973',
    }),
  });

describe('conformance proxy: the drift report', () => {
  it('lists exactly the planted deviations of every kind, with pointers and counts, and nothing for conforming calls', async () => {
    const upstream = await startFakeUpstream((req, res) => {
      const scenario = req.rawHeaders[req.rawHeaders.findIndex((h) => h.toLowerCase() === 'x-scenario') + 1];
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/alibaba/product/keywordQuery') {
        if (url.searchParams.get('keyword') === 'busy') {
          res.writeHead(503, { 'content-type': 'text/html' });
          return res.end('<html>busy</html>');
        }
        if (url.searchParams.get('pageSize') === '7') {
          const body = conformingSearch();
          const [first, second] = body.data.data as Record<string, unknown>[];
          first!.offerId = '670291644950';
          first!.promo = { tag: 'new' };
          delete second!.offerId;
          (body.data as Record<string, unknown>).totalRecords = null;
          return json(res, body);
        }
        return json(res, conformingSearch());
      }
      if (url.pathname === '/alibaba/trade/get/buyerView') {
        if (scenario === 'drift') {
          const body = conformingOrder();
          const base = body.data.baseInfo as Record<string, unknown>;
          base.status = 'waitlogistics';
          delete base.id;
          base.totalAmount = '183.50';
          base.payChannel = 'alipay';
          return json(res, body);
        }
        if (scenario === 'enum-again') {
          const body = conformingOrder();
          body.data.baseInfo.status = 'confirm_goods';
          return json(res, body);
        }
        if (scenario === 'spring')
          return json(res, { timestamp: '2026-01-01', status: 500, error: 'Internal Server Error' });
        if (scenario === 'html') {
          res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' });
          return res.end('<html>login</html>');
        }
        return json(res, conformingOrder());
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"status":404}');
    });
    const proxy = await startProxy({ upstream: upstream.url, port: 0, spec: testSpec });

    for (const response of [
      await search(proxy.url),
      await search(proxy.url, '&pageSize=20'),
      await search(proxy.url, '&pageSize=abc'),
      await search(proxy.url, '&pageSize=7'),
      await search(proxy.url, '&pageSize=7'),
      await fetch(
        `${proxy.url}/alibaba/product/keywordQuery?appKey=${credentials.appKey}&sign=${credentials.sign}&keyword=busy`,
      ),
      await order(proxy.url, 'ok'),
      await order(proxy.url, 'drift'),
      await order(proxy.url, 'enum-again'),
      await order(proxy.url, 'spring'),
      await order(proxy.url, 'html'),
      await fetch(`${proxy.url}/alibaba/not/in/spec?appKey=x`),
    ]) {
      await response.arrayBuffer();
    }

    const report = proxy.report();
    expect(report.spec).toEqual({ title: 'Test Daji', version: '9.9.9' });
    expect(Date.parse(report.since)).not.toBeNaN();
    expect(report.unmatched).toEqual({ 'GET /alibaba/not/in/spec': 1 });
    expect(report.operations).toEqual({
      keywordSearch: {
        calls: 6,
        valid: 3,
        deviations: [
          {
            in: 'request',
            pointer: '/query/pageSize',
            kind: 'type',
            expected: 'integer',
            seen: 'string',
            count: 1,
          },
          {
            in: 'response',
            pointer: '',
            kind: 'status',
            expected: 'HTTP 200, 400',
            seen: 'HTTP 503',
            count: 1,
          },
          {
            in: 'response',
            pointer: '/data/data/*/offerId',
            kind: 'missing-required',
            expected: 'integer',
            seen: 'absent',
            count: 2,
          },
          {
            in: 'response',
            pointer: '/data/data/*/offerId',
            kind: 'type',
            expected: 'integer',
            seen: 'string',
            count: 2,
          },
          {
            in: 'response',
            pointer: '/data/data/*/promo',
            kind: 'unknown-field',
            expected: 'no such field in the spec',
            seen: 'object',
            count: 2,
          },
          {
            in: 'response',
            pointer: '/data/totalRecords',
            kind: 'null',
            expected: 'integer',
            seen: 'null',
            count: 2,
          },
        ],
      },
      getOrderDetail: {
        calls: 5,
        valid: 1,
        deviations: [
          {
            in: 'response',
            pointer: '',
            kind: 'envelope',
            expected: 'a JSON object with code, message',
            seen: 'a JSON object with timestamp, status, error | text/html body',
            count: 2,
          },
          {
            in: 'response',
            pointer: '/data/baseInfo/id',
            kind: 'missing-required',
            expected: 'string',
            seen: 'absent',
            count: 1,
          },
          {
            in: 'response',
            pointer: '/data/baseInfo/payChannel',
            kind: 'unknown-field',
            expected: 'no such field in the spec',
            seen: 'string',
            count: 1,
          },
          {
            in: 'response',
            pointer: '/data/baseInfo/status',
            kind: 'enum',
            expected: 'one of waitbuyerpay, waitsellersend, success',
            seen: 'waitlogistics | confirm_goods',
            count: 2,
          },
          {
            in: 'response',
            pointer: '/data/baseInfo/totalAmount',
            kind: 'type',
            expected: 'number',
            seen: 'string',
            count: 1,
          },
        ],
      },
    });
  });

  it('serves the live report at GET /__drift and writes it to the report file on close', async () => {
    const upstream = await startFakeUpstream((_req, res) => json(res, conformingSearch()));
    const dir = tempDir('daji-drift-');
    const file = join(dir, 'drift.json');
    const proxy = await startProxy({
      upstream: upstream.url,
      port: 0,
      spec: testSpec,
      report: file,
    });
    await (await search(proxy.url)).arrayBuffer();

    const live = await fetch(`${proxy.url}/__drift`);
    expect(live.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await live.json()).toEqual(proxy.report());
    expect(upstream.received).toHaveLength(1); // the report is the proxy's own, never forwarded

    const final = await proxy.close();
    expect(final.operations.keywordSearch).toEqual({ calls: 1, valid: 1, deviations: [] });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(final);
  });

  it('rewrites the report file while running', async () => {
    const upstream = await startFakeUpstream((_req, res) => json(res, conformingSearch()));
    const file = join(tempDir('daji-drift-'), 'drift.json');
    const proxy = await startProxy({
      upstream: upstream.url,
      port: 0,
      spec: testSpec,
      report: file,
      reportIntervalMs: 20,
    });
    expect(JSON.parse(await readFile(file, 'utf8')).operations).toEqual({});
    await (await search(proxy.url)).arrayBuffer();
    await expect
      .poll(async () => JSON.parse(await readFile(file, 'utf8')).operations.keywordSearch?.calls, {
        timeout: 10_000,
      })
      .toBe(1);
  });

  it('warns when it cannot write the report file and leaves no half-written file beside it', async () => {
    const upstream = await startFakeUpstream((_req, res) => json(res, conformingSearch()));
    const dir = tempDir('daji-drift-');
    const file = join(dir, 'drift.json');
    mkdirSync(file); // a directory where the report should go: the write succeeds, the rename cannot
    const warnings: string[] = [];
    const proxy = await startProxy({
      upstream: upstream.url,
      port: 0,
      spec: testSpec,
      report: file,
      onWarning: (w) => warnings.push(w),
    });
    await (await search(proxy.url)).arrayBuffer();
    const final = await proxy.close();
    expect(final.operations.keywordSearch).toMatchObject({ calls: 1 });
    expect(warnings).toContainEqual(expect.stringContaining(`cannot write the report to ${file} (`));
    expect(readdirSync(dir)).toEqual(['drift.json']);
  });

  it('finds nothing in the bundled Daji spec’s own example answers', async () => {
    const document = JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve('@daji-openapi/spec/dist/openapi.json'), 'utf8'),
    );
    const examples: { method: string; path: string; body: unknown }[] = [];
    const deref = (node: { $ref?: string }) =>
      node.$ref
        ? node.$ref
            .slice(2)
            .split('/')
            .reduce((n: Record<string, unknown>, k) => n[k] as never, document)
        : node;
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const ok = (op.responses as Record<string, unknown>)?.['200'] as {
          content?: Record<string, { examples?: Record<string, { $ref?: string }> }>;
        };
        for (const example of Object.values(ok?.content?.['application/json']?.examples ?? {})) {
          examples.push({
            method: method.toUpperCase(),
            path,
            body: (deref(example) as { value: unknown }).value,
          });
        }
      }
    }
    expect(examples.length).toBeGreaterThan(15);
    let next = 0;
    const upstream = await startFakeUpstream((_req, res) => json(res, examples[next++]!.body));
    const proxy = await startProxy({ upstream: upstream.url, port: 0 });
    for (const example of examples) {
      const response = await fetch(`${proxy.url}${example.path}`, {
        method: example.method,
        ...(example.method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
      });
      await response.arrayBuffer();
    }
    const report = proxy.report();
    const responseDeviations = Object.entries(report.operations).flatMap(([id, op]) =>
      op.deviations.filter((d) => d.in === 'response').map((d) => ({ id, ...d })),
    );
    expect(responseDeviations).toEqual([]);
    expect(Object.values(report.operations).reduce((sum, op) => sum + op.valid, 0)).toBe(examples.length);
  });
});
