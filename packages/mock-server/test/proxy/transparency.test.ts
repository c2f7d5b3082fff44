import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { credentials, startFakeUpstream, startProxy, testSpec } from './fake-upstream.js';

/** A request through node:http, so nothing decodes, reorders or adds to what is sent and received. */
function raw(url: string, method: string, headers: Record<string, string>, body?: Buffer) {
  return new Promise<{ status: number; rawHeaders: string[]; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every value of one header, in order, from raw `[name, value, …]` pairs. */
const header = (rawHeaders: string[], name: string) =>
  rawHeaders.flatMap((h, i) => (i % 2 === 0 && h.toLowerCase() === name ? [rawHeaders[i + 1]!] : []));

describe('conformance proxy: transparency', () => {
  it('forwards method, path, query, headers and body bytes unchanged, minus hop-by-hop headers', async () => {
    const upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":200,"message":"ok"}');
    });
    const proxy = await startProxy({ upstream: upstream.url, port: 0, spec: testSpec });

    const path = `/alibaba/trade/get/buyerView?x=1&x=2&k=%E8%A3%99+%20&appKey=${credentials.appKey}`;
    const body = Buffer.from(
      `{ "appKey" : "${credentials.appKey}",\n "sign":"${credentials.sign}", "orderId": 2257164624870311973 }`,
    );
    await raw(
      proxy.url + path,
      'POST',
      {
        'Content-Type': 'application/json; charset=utf-8',
        'X-Request-Id': 'abc-123',
        'Accept-Language': 'zh-CN',
        Connection: 'keep-alive, X-Hop-Private',
        'X-Hop-Private': 'not for upstream',
        'Keep-Alive': 'timeout=5',
        'Proxy-Authorization': 'Basic eDp5',
        'Content-Length': String(body.length),
      },
      body,
    );

    const received = upstream.received[0]!;
    expect(received.method).toBe('POST');
    expect(received.url).toBe(path);
    expect(received.body.equals(body)).toBe(true);
    expect(header(received.rawHeaders, 'x-request-id')).toEqual(['abc-123']);
    expect(header(received.rawHeaders, 'accept-language')).toEqual(['zh-CN']);
    expect(header(received.rawHeaders, 'content-type')).toEqual(['application/json; charset=utf-8']);
    expect(header(received.rawHeaders, 'content-length')).toEqual([String(body.length)]);
    expect(header(received.rawHeaders, 'host')).toEqual([new URL(upstream.url).host]);
    for (const hop of ['x-hop-private', 'keep-alive', 'proxy-authorization']) {
      expect(header(received.rawHeaders, hop), hop).toEqual([]);
    }
  });

  it('returns the answer byte for byte: status, headers, body, even compressed', async () => {
    const answer = Buffer.from('{ "code" :200,"message":"操作成功" ,\n"data":null}  \n');
    const compressed = gzipSync(Buffer.from('{"code":200,"message":"ok","data":null}'));
    const upstream = await startFakeUpstream((req, res) => {
      if (req.url.includes('gzip')) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        return res.end(compressed);
      }
      res.writeHead(418, 'Teapot Here', [
        'Content-Type',
        'application/json;charset=UTF-8',
        'Set-Cookie',
        'a=1',
        'Set-Cookie',
        'b=2',
        'X-Trace',
        'e5f6a7b8c9d0',
      ]);
      res.end(answer);
    });
    const proxy = await startProxy({ upstream: upstream.url, port: 0, spec: testSpec });

    const plain = await raw(`${proxy.url}/alibaba/product/keywordQuery?keyword=a`, 'GET', {});
    expect(plain.status).toBe(418);
    expect(plain.body.equals(answer)).toBe(true);
    expect(header(plain.rawHeaders, 'content-type')).toEqual(['application/json;charset=UTF-8']);
    expect(header(plain.rawHeaders, 'set-cookie')).toEqual(['a=1', 'b=2']);
    expect(header(plain.rawHeaders, 'x-trace')).toEqual(['e5f6a7b8c9d0']);

    const zipped = await raw(`${proxy.url}/alibaba/product/keywordQuery?keyword=gzip`, 'GET', {});
    expect(zipped.body.equals(compressed)).toBe(true);
    expect(header(zipped.rawHeaders, 'content-encoding')).toEqual(['gzip']);
    // The checks read the decoded body: a conforming compressed answer is valid.
    expect(proxy.report().operations.keywordSearch).toMatchObject({ calls: 2, valid: 1 });
  });

  it('never signs or adds a parameter: a request without credentials goes out without them', async () => {
    const upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"status":400,"error":"Bad Request"}');
    });
    const proxy = await startProxy({ upstream: upstream.url, port: 0, spec: testSpec });
    const answer = await fetch(`${proxy.url}/alibaba/product/keywordQuery?keyword=a`);
    expect(answer.status).toBe(400);
    expect(upstream.received[0]!.url).toBe('/alibaba/product/keywordQuery?keyword=a');
  });
});
