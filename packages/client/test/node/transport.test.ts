// The Node build's transport (node:http with keep-alive): it sends what Node's fetch would send, decodes
// what fetch decodes, and leaves every call it could change to the global fetch. Which transport carried
// a call is read from Node's diagnostics channels: node:http announces its requests, undici its own.
import { execFileSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDajiClient, DajiNetworkError } from '../../src/index.js';
import { APP_KEY, APP_SECRET } from '../helpers/observed-client.js';
import { serve, type TestServer } from '../hostile/servers.js';

const OK =
  '{"code":200,"message":"ok","data":{"items":[],"offerId":1234567890123456789},"timestamp":1,"traceId":"t"}';
const query = { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } as const;

const servers: TestServer[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A Daji stand-in that remembers each request's headers and answers with `answer`. */
async function daji(answer: (res: import('node:http').ServerResponse) => void = (res) => res.end(OK)) {
  const headers: IncomingHttpHeaders[] = [];
  const sockets = new Set<Socket>();
  const server = await serve((req, res) => {
    headers.push(req.headers);
    sockets.add(req.socket);
    answer(res);
  });
  servers.push(server);
  return { server, headers, sockets };
}

/** Which transports carried the calls made inside `work`. */
async function transportsOf(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const http = () => seen.push('node:http');
  const undici = () => seen.push('fetch');
  subscribe('http.client.request.start', http);
  subscribe('undici:request:create', undici);
  try {
    await work();
  } finally {
    unsubscribe('http.client.request.start', http);
    unsubscribe('undici:request:create', undici);
  }
  return seen;
}

const client = (baseUrl: string, extra: Record<string, unknown> = {}) =>
  createDajiClient({ appKey: APP_KEY, appSecret: APP_SECRET, baseUrl, maxRetries: 0, ...extra });

describe('the Node build sends through node:http', () => {
  it('carries calls over node:http and reuses one keep-alive connection', async () => {
    const { server, sockets } = await daji();
    const daji1 = client(server.url);
    const used = await transportsOf(async () => {
      for (let i = 0; i < 3; i++) {
        const { data, error } = await daji1.GET('/alibaba/product/keywordQuery', { params: { query } });
        expect(error).toBeUndefined();
        // The lossless parse still sees the raw text: the 19-digit id arrives exact.
        expect((data?.data as { offerId?: unknown } | undefined)?.offerId).toBe('1234567890123456789');
      }
    });
    expect(used).toEqual(['node:http', 'node:http', 'node:http']);
    expect(sockets.size).toBe(1);
  });

  it('sends the headers Node’s fetch sends, for a GET and a JSON POST', async () => {
    const { server, headers } = await daji();
    const viaNode = client(server.url);
    const viaFetch = client(server.url, { fetch: (request: Request) => fetch(request) });
    const body = { orderId: '2257164624870311973' };
    for (const c of [viaNode, viaFetch]) {
      await c.GET('/alibaba/product/keywordQuery', { params: { query } });
      await c.POST('/alibaba/trade/pay/protocolPay/preparePay', { body });
    }
    const [nodeGet, nodePost, fetchGet, fetchPost] = headers.map(({ connection: _, ...rest }) => rest);
    expect(nodeGet).toEqual(fetchGet);
    expect(nodePost).toEqual(fetchPost);
    expect(nodePost).toMatchObject({
      'content-type': 'application/json',
      'accept-encoding': 'gzip, deflate',
    });
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes a %s answer', async (encoding, compress) => {
    const { server } = await daji((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      res.end(compress(Buffer.from(OK)));
    });
    const { data, error } = await client(server.url).GET('/alibaba/product/keywordQuery', {
      params: { query },
    });
    expect(error).toBeUndefined();
    expect(data?.traceId).toBe('t');
  });

  it('waits for an answer slower than the 4 s after which idle connections close', async () => {
    const { server, sockets } = await daji((res) => {
      setTimeout(() => res.end(OK), 4_500);
    });
    const { data, error } = await client(server.url).GET('/alibaba/product/keywordQuery', {
      params: { query },
    });
    expect(error).toBeUndefined();
    expect(data?.traceId).toBe('t');
    expect(sockets.size).toBe(1);
  });

  it('strips a UTF-8 byte-order mark, as fetch’s text() does', async () => {
    const { server } = await daji((res) => res.end(`\uFEFF${OK}`));
    const { data, error } = await client(server.url).GET('/alibaba/product/keywordQuery', {
      params: { query },
    });
    expect(error).toBeUndefined();
    expect(data?.code).toBe(200);
  });

  it('fails with a DajiNetworkError naming the cause when the connection closes mid-answer', async () => {
    const { server } = await daji((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write(OK.slice(0, 40));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const failed = await client(server.url)
      .GET('/alibaba/product/keywordQuery', { params: { query } })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DajiNetworkError);
    expect((failed as Error).message).toBe('no answer from Daji: aborted');
    expect(((failed as Error).cause as { code?: string }).code).toBe('ECONNRESET');
  });

  it('names the system error when nothing listens', async () => {
    const { server } = await daji();
    const { url } = server;
    await server.close();
    servers.length = 0;
    const failed = await client(url)
      .GET('/alibaba/product/keywordQuery', { params: { query } })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DajiNetworkError);
    expect((failed as Error).message).toContain('ECONNREFUSED');
    expect(((failed as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('refuses an HTTP status fetch could not represent as a Response', async () => {
    const { server } = await daji((res) => {
      res.writeHead(600);
      res.end(OK);
    });
    const failed = await client(server.url)
      .GET('/alibaba/product/keywordQuery', { params: { query } })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DajiNetworkError);
    expect((failed as Error).message).toContain('HTTP status 600 is outside 200–599');
  });
});

describe('over HTTPS (node:https)', () => {
  /** A TLS Daji stand-in on 127.0.0.1 with a certificate made for this test by Debian's openssl. */
  async function tlsDaji() {
    const dir = mkdtempSync(join(tmpdir(), 'daji-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const key = readFileSync(join(dir, 'key.pem'));
      const cert = readFileSync(join(dir, 'cert.pem'));
      const sockets = new Set<Socket>();
      const server = createHttpsServer({ key, cert }, (req, res) => {
        sockets.add(req.socket);
        res.end(OK);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      servers.push({
        url,
        received: [],
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      });
      return { url, sockets, cert };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('verifies the certificate: a self-signed one fails the call with the TLS error', async () => {
    const { url } = await tlsDaji();
    const failed = await client(url)
      .GET('/alibaba/product/keywordQuery', { params: { query } })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DajiNetworkError);
    expect((failed as Error).message).toMatch(/^no answer from Daji: self[- ]signed certificate/);
  });

  it('leaves a call to fetch when the app trusts the certificate through an undici Agent of its own', async () => {
    const { url, cert } = await tlsDaji();
    await fetch('data:,warm-up'); // Node installs its default dispatcher on the first fetch
    const key = Symbol.for('undici.globalDispatcher.1');
    const global = globalThis as unknown as Record<symbol, object>;
    const nodes = global[key]!;
    const Agent = nodes.constructor as new (options?: object) => object;
    // What `setGlobalDispatcher(new Agent({ connect: { ca } }))` from the undici package does.
    global[key] = new Agent({ connect: { ca: cert } });
    try {
      const used = await transportsOf(async () => {
        const { data, error } = await client(url).GET('/alibaba/product/keywordQuery', { params: { query } });
        expect(error).toBeUndefined();
        expect(data?.traceId).toBe('t');
      });
      expect(used).toEqual(['fetch']);
    } finally {
      global[key] = nodes;
    }
  });

  it('carries calls over one kept-alive TLS connection once the certificate is accepted', async () => {
    const { url, sockets } = await tlsDaji();
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const daji1 = client(url);
      const used = await transportsOf(async () => {
        for (let i = 0; i < 2; i++) {
          const { data, error } = await daji1.GET('/alibaba/product/keywordQuery', { params: { query } });
          expect(error).toBeUndefined();
          expect(data?.traceId).toBe('t');
        }
      });
      expect(used).toEqual(['node:http', 'node:http']);
      expect(sockets.size).toBe(1);
    } finally {
      vi.unstubAllEnvs();
      warn.mockRestore();
    }
  });
});

describe('the global fetch still sends what node:http could change', () => {
  it('a global fetch replaced after the client loaded (a test double, an interceptor)', async () => {
    const { server } = await daji();
    const nodes = globalThis.fetch;
    const double = vi.fn((input: RequestInfo | URL, init?: RequestInit) => nodes(input, init));
    vi.stubGlobal('fetch', double);
    const { error } = await client(server.url).GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeUndefined();
    expect(double).toHaveBeenCalledTimes(1);
  });

  it('an undici dispatcher of the app’s own (a proxy or mock agent)', async () => {
    const { server } = await daji();
    await fetch(`${server.url}/warm-up`); // Node installs its default dispatcher on the first fetch
    const key = Symbol.for('undici.globalDispatcher.1');
    const global = globalThis as unknown as Record<symbol, object>;
    const nodes = global[key]!;
    // A dispatcher class of the app's own, here a thin subclass of Node's agent.
    const Own = class AppProxyAgent extends (nodes.constructor as new () => object) {};
    global[key] = new Own();
    try {
      const used = await transportsOf(() =>
        client(server.url).GET('/alibaba/product/keywordQuery', { params: { query } }),
      );
      expect(used).toEqual(['fetch']);
    } finally {
      global[key] = nodes;
    }
    const used = await transportsOf(() =>
      client(server.url).GET('/alibaba/product/keywordQuery', { params: { query } }),
    );
    expect(used).toEqual(['node:http']);
  });

  it('an undici Agent built with options of the app’s; one without options is as good as Node’s', async () => {
    const { server } = await daji();
    await fetch(`${server.url}/warm-up`);
    const key = Symbol.for('undici.globalDispatcher.1');
    const global = globalThis as unknown as Record<symbol, object>;
    const nodes = global[key]!;
    const Agent = nodes.constructor as new (options?: object) => object;
    const send = () => client(server.url).GET('/alibaba/product/keywordQuery', { params: { query } });
    try {
      global[key] = new Agent({ connections: 1 });
      expect(await transportsOf(send)).toEqual(['fetch']);
      global[key] = new Agent();
      expect(await transportsOf(send)).toEqual(['node:http']);
    } finally {
      global[key] = nodes;
    }
  });

  it('a multipart upload (its body is a form, not text)', async () => {
    const { server } = await daji((res) => res.end(OK.replace('"items":[]', '"imageId":"1"')));
    const used = await transportsOf(() =>
      client(server.url).POST('/alibaba/upload/image', {
        body: {
          image_base64:
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        },
      }),
    );
    expect(used).toEqual(['fetch']);
  });

  it('a fetch passed in options', async () => {
    const { server } = await daji();
    const given = vi.fn((request: Request) => fetch(request));
    const used = await transportsOf(() =>
      client(server.url, { fetch: given }).GET('/alibaba/product/keywordQuery', { params: { query } }),
    );
    expect(used).toEqual(['fetch']);
    expect(given).toHaveBeenCalledTimes(1);
  });
});
