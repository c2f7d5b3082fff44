import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createDajiClient, DajiResponseTooLargeError } from '../../src/index.js';
import { APP_KEY, APP_SECRET } from '../helpers/observed-client.js';
import { serve, type TestServer } from './servers.js';

const query = { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } as const;
const MiB = 1024 * 1024;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Writes `chunk` `times` times, as fast as the socket takes it, and stops when the client goes away. */
async function streaming(status: number, headers: Record<string, string>, chunk: Buffer, times: number) {
  const server = await serve((_req, res) => {
    res.writeHead(status, headers);
    let sent = 0;
    const more = () => {
      while (sent < times) {
        sent++;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('close', () => {
      sent = times;
    });
    more();
  });
  servers.push(server);
  return server;
}

function client(baseUrl: string, extra: { maxResponseBytes?: number } = {}) {
  return createDajiClient({ appKey: APP_KEY, appSecret: APP_SECRET, baseUrl, timeoutMs: 60_000, ...extra });
}

describe('answers larger than maxResponseBytes', () => {
  it('a 200 MB error body stops at the default 32 MiB with a DajiResponseTooLargeError', async () => {
    const server = await streaming(500, { 'content-type': 'text/plain' }, Buffer.alloc(MiB, 97), 200);
    const { error, response } = await client(server.url).GET('/alibaba/product/keywordQuery', {
      params: { query },
    });
    expect(error).toBeInstanceOf(DajiResponseTooLargeError);
    expect(error).toMatchObject({
      code: 'RESPONSE_TOO_LARGE',
      httpStatus: 500,
      limitBytes: 32 * MiB,
      operationId: 'keywordSearch',
    });
    expect(response.status).toBe(500);
  });

  it('a declared Content-Length beyond the limit fails before the body is read', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2048) });
      res.end('x'.repeat(2048));
    });
    servers.push(server);
    const { error } = await client(server.url, { maxResponseBytes: 1024 }).GET(
      '/alibaba/product/keywordQuery',
      {
        params: { query },
      },
    );
    expect(error).toBeInstanceOf(DajiResponseTooLargeError);
    expect(error!.message).toContain('maxResponseBytes (1024 bytes after decoding)');
  });

  it('counts the decoded body: 1 GiB of gzip from a few MiB on the wire stops at the limit', async () => {
    // 16 MiB of zeros compresses to ~16 kB; 64 gzip members decode to 1 GiB.
    const member = gzipSync(Buffer.alloc(16 * MiB));
    const server = await streaming(
      200,
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      member,
      64,
    );
    const { error } = await client(server.url).GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeInstanceOf(DajiResponseTooLargeError);
    expect(error).toMatchObject({ httpStatus: 200, limitBytes: 32 * MiB });
  });

  it('a body within the limit is read whole', async () => {
    const body = JSON.stringify({
      code: 200,
      message: 'ok',
      data: { pad: 'x'.repeat(4000) },
      timestamp: 1,
      traceId: 't',
    });
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    servers.push(server);
    const { data } = await client(server.url, { maxResponseBytes: body.length }).GET(
      '/alibaba/product/keywordQuery',
      {
        params: { query },
      },
    );
    expect((data!.data as unknown as { pad: string }).pad).toHaveLength(4000);
  });

  it('maxResponseBytes must be a whole number of bytes', () => {
    for (const bad of [0, -1, 1.5, '1000', Number.NaN, 2 ** 40]) {
      expect(() => client('http://127.0.0.1:9', { maxResponseBytes: bad as number })).toThrow(
        /^createDajiClient: options\.maxResponseBytes must be a whole number of bytes from 1 to 536870912 \(512 MiB\), got /,
      );
    }
  });
});
