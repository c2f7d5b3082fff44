import { describe, expect, it } from 'vitest';
import { type ProxyExchange, startConformanceProxy } from '../../src/index.js';
import { credentials, startFakeUpstream, startProxy, testSpec } from './fake-upstream.js';

const query = `appKey=${credentials.appKey}&sign=${credentials.sign}&keyword=a`;

describe('conformance proxy: upstream failures', () => {
  it('answers 502 with a one-line reason when upstream is unreachable, and counts it apart from drift', async () => {
    const gone = await startFakeUpstream(() => {});
    await gone.close();
    const exchanges: ProxyExchange[] = [];
    const proxy = await startProxy({
      upstream: gone.url,
      port: 0,
      spec: testSpec,
      onExchange: (e) => exchanges.push(e),
    });

    const answer = await fetch(`${proxy.url}/alibaba/product/keywordQuery?${query}`);
    const text = await answer.text();
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toBe(`daji-mock proxy: upstream ${gone.url} unreachable (ECONNREFUSED)\n`);
    expect(proxy.report()).toMatchObject({ operations: {}, upstreamFailures: 1 });
    expect(exchanges).toEqual([
      expect.objectContaining({
        status: 502,
        operationId: 'keywordSearch',
        upstreamError: text.trim().replace('daji-mock proxy: ', ''),
      }),
    ]);
  });

  it('answers 504 when upstream sends nothing within timeoutMs', async () => {
    const silent = await startFakeUpstream(() => {
      // never answers
    });
    const proxy = await startProxy({
      upstream: silent.url,
      port: 0,
      spec: testSpec,
      timeoutMs: 200,
    });

    const answer = await fetch(`${proxy.url}/alibaba/product/keywordQuery?${query}`);
    expect(answer.status).toBe(504);
    expect(await answer.text()).toBe(
      `daji-mock proxy: upstream ${silent.url} did not answer within 200 ms\n`,
    );
    expect(proxy.report()).toMatchObject({ operations: {}, upstreamFailures: 1 });
  });

  it('rejects options it cannot work with, naming the option', async () => {
    await expect(startConformanceProxy({ upstream: 'openapi.dajisaas.com' })).rejects.toThrow(
      /options\.upstream must be an http\(s\) URL/,
    );
    await expect(startConformanceProxy({ upstream: 'https://x.test/?appKey=1' })).rejects.toThrow(
      /without query/,
    );
    await expect(startConformanceProxy({ upstream: 'https://x.test', port: 70000 })).rejects.toThrow(
      /options\.port/,
    );
    await expect(
      startConformanceProxy({ upstream: 'https://x.test', recordMax: 0, record: '/tmp/x' }),
    ).rejects.toThrow(/options\.recordMax/);
  });
});
