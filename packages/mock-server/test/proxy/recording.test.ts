import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConformanceSpec } from '@daji-openapi/conformance';
import { describe, expect, it } from 'vitest';
import type { ProxyExchange } from '../../src/index.js';
import { maskPersonalData } from '../../src/proxy/mask.js';
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

async function recordings(dir: string) {
  const files = (await readdir(dir)).sort();
  return Promise.all(files.map(async (f) => ({ name: f, text: await readFile(join(dir, f), 'utf8') })));
}

const orderCall = (base: string, body: Record<string, unknown>) =>
  fetch(`${base}/alibaba/trade/get/buyerView?appKey=${credentials.appKey}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('conformance proxy: --record', () => {
  it('saves each exchange with personal data masked, credentials removed, ids and prices kept', async () => {
    const upstream = await startFakeUpstream((_req, res) => json(res, conformingOrder()));
    const dir = tempDir('daji-record-');
    const proxy = await startProxy({
      upstream: upstream.url,
      port: 0,
      spec: testSpec,
      record: dir,
    });
    await (
      await orderCall(proxy.url, {
        appKey: credentials.appKey,
        sign: credentials.sign,
        orderId: '2257164624870311973',
        webSite: '1688',
      })
    ).arrayBuffer();
    await proxy.close();

    const [file] = await recordings(dir);
    expect(file!.name).toMatch(/^getOrderDetail-\d{8}T\d{6}-0001\.json$/);
    const recording = JSON.parse(file!.text);
    expect(recording).toEqual({
      operationId: 'getOrderDetail',
      direction: 'response',
      status: 200,
      source: `daji-mock proxy recording, ${recording.recordedAt}`,
      request: {
        method: 'POST',
        path: '/alibaba/trade/get/buyerView',
        query: {},
        body: { orderId: '2257164624870311973', webSite: '1688' },
      },
      // conformingOrder() written out again as it must be saved: every field listed, masked or kept.
      body: {
        code: 200,
        message: '操作成功',
        data: {
          baseInfo: {
            id: '2257164624870311973',
            status: 'waitsellersend',
            totalAmount: 183.5,
            buyerContact: { name: '***', mobile: '13900000000', email: 'masked@example.com' },
            receiverInfo: {
              toFullName: '***',
              toMobile: '13900000000',
              toPhone: '0570-00000000',
              toPost: '000000',
              toArea: '***',
            },
            buyerFeedback: '***',
          },
        },
        timestamp: 1723720200000,
        traceId: 'e5f6a7b8c9d0',
      },
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // A recording can be checked against the spec as it is, like a live capture.
    const spec = new ConformanceSpec(testSpec);
    const check = spec.checkResponse(spec.match('POST', recording.request.path)!, {
      status: recording.status,
      body: { parsed: recording.body },
    });
    expect(check).toEqual({ findings: [], valid: true });
  });

  it('masks each kind of personal data wherever it appears, and leaves ids, prices and products alone', () => {
    expect(
      maskPersonalData({
        appKey: 'k',
        sign: 'S',
        appSecret: 'secret',
        orderId: '2257164624870311973',
        offerId: 13912345678,
        price: '13.50',
        addressParam: {
          fullName: '王五',
          mobile: '13698765432',
          phone: '010-12345678',
          postCode: '100000',
          address: '朝阳区建国路88号',
          provinceText: '北京',
          email: 'wang@example.com',
        },
        productItems: [{ name: '连衣裙', skuInfos: [{ name: '颜色', value: '红色' }] }],
        sellerContact: { name: '李四', companyName: '金华雅琪服饰有限公司' },
        remark: 'call 13698765432',
        note: '联系 wang@example.com 或 +86 136-9876-5432',
        buyerLoginId: 'wang_buyer',
        sellerLoginId: '雅琪服饰',
      }),
    ).toEqual({
      // The input again, in full: what must be masked and what must be kept are both checked.
      orderId: '2257164624870311973',
      offerId: 13912345678,
      price: '13.50',
      addressParam: {
        fullName: '***',
        mobile: '13600000000',
        phone: '010-00000000',
        postCode: '000000',
        address: '***',
        provinceText: '北京',
        email: 'masked@example.com',
      },
      productItems: [{ name: '连衣裙', skuInfos: [{ name: '颜色', value: '红色' }] }],
      sellerContact: { name: '***', companyName: '金华雅琪服饰有限公司' },
      remark: '***',
      note: '联系 masked@example.com 或 +00 000-0000-0000',
      buyerLoginId: '***',
      sellerLoginId: '雅琪服饰',
    });
  });

  it('keeps every digit of an order id sent as a bare 19-digit number', async () => {
    const upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        '{"code":200,"message":"ok","data":{"baseInfo":{"id":2257164624870311973,"status":"success"}}}',
      );
    });
    const dir = tempDir('daji-record-');
    const proxy = await startProxy({
      upstream: upstream.url,
      port: 0,
      spec: testSpec,
      record: dir,
    });
    await (
      await orderCall(proxy.url, { appKey: 'k', sign: 'S', orderId: '2257164624870311973' })
    ).arrayBuffer();
    const report = await proxy.close();
    const [file] = await recordings(dir);
    expect(file!.text).toContain('"id": 2257164624870311973');
    expect(report.operations.getOrderDetail!.deviations).toContainEqual(
      expect.objectContaining({
        pointer: '/data/baseInfo/id',
        kind: 'type',
        expected: 'string',
        seen: 'integer',
      }),
    );
  });

  it('records at most --record-max calls per operation', async () => {
    const upstream = await startFakeUpstream((req, res) =>
      json(res, req.url.startsWith('/alibaba/product') ? conformingSearch() : conformingOrder()),
    );
    const dir = tempDir('daji-record-');
    const proxy = await startProxy({
      upstream: upstream.url,
      port: 0,
      spec: testSpec,
      record: dir,
      recordMax: 2,
    });
    for (let i = 0; i < 4; i++) {
      await (await fetch(`${proxy.url}/alibaba/product/keywordQuery?keyword=a`)).arrayBuffer();
    }
    await (await orderCall(proxy.url, { orderId: '2257164624870311973' })).arrayBuffer();
    await proxy.close();
    const names = (await recordings(dir)).map((f) => f.name.replace(/-\d{8}T\d{6}-\d{4}\.json$/, ''));
    expect(names.sort()).toEqual(['getOrderDetail', 'keywordSearch', 'keywordSearch']);
  });
});

describe('conformance proxy: credentials', () => {
  it('never writes an appKey, a sign or a secret in a report, a recording, a log line or an error', async () => {
    let mode = 'ok';
    const upstream = await startFakeUpstream((_req, res) => {
      if (mode === 'drift') return json(res, { ...conformingOrder(), data: { baseInfo: { status: 'x' } } });
      json(res, conformingOrder());
    });
    const dir = tempDir('daji-record-');
    const reportFile = join(dir, 'drift.json');
    const lines: string[] = [];
    const log = (e: ProxyExchange) => lines.push(JSON.stringify(e));
    const proxy = await startProxy({
      upstream: upstream.url,
      port: 0,
      spec: testSpec,
      record: join(dir, 'rec'),
      report: reportFile,
      onExchange: log,
      onWarning: (w) => lines.push(w),
    });
    const { appKey, sign, appSecret } = credentials;
    const bodies = [
      { appKey, sign, orderId: '2257164624870311973' },
      { appKey, appSecret, orderId: '2257164624870311973' }, // debug mode
      { appKey, sign: appSecret, orderId: 'not-an-id' }, // a secret pasted where the signature goes
    ];
    for (const body of bodies) await (await orderCall(proxy.url, body)).arrayBuffer();
    mode = 'drift';
    await (await orderCall(proxy.url, bodies[0]!)).arrayBuffer();
    const queries = [
      `appKey=${appKey}&sign=${sign}&keyword=a&pageSize=x`,
      `appKey=${appKey}&appSecret=${appSecret}&keyword=a`,
    ];
    for (const q of queries)
      await (await fetch(`${proxy.url}/alibaba/product/keywordQuery?${q}`)).arrayBuffer();
    const live = await (await fetch(`${proxy.url}/__drift`)).text();
    await proxy.close();
    await upstream.close();

    // And once more with upstream gone, for the 502 text.
    const down = await startProxy({
      upstream: upstream.url,
      port: 0,
      spec: testSpec,
      onExchange: log,
    });
    const failure = await (await fetch(`${down.url}/alibaba/product/keywordQuery?${queries[1]}`)).text();
    await down.close();

    const written = [
      live,
      failure,
      await readFile(reportFile, 'utf8'),
      ...(await recordings(join(dir, 'rec'))).map((f) => f.text),
      ...lines,
    ];
    expect(written.length).toBeGreaterThan(10);
    expect(JSON.parse(live).operations.getOrderDetail.deviations.length).toBeGreaterThan(0);
    for (const text of written) {
      for (const secret of [appKey, sign, appSecret]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/"(?:appKey|sign|appSecret)"\s*:/);
    }
  });
});
