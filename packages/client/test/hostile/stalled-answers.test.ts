import { afterEach, describe, expect, it } from 'vitest';
import { createDajiClient, DajiAbortError, DajiTimeoutError } from '../../src/index.js';
import { APP_KEY, APP_SECRET } from '../helpers/observed-client.js';
import { serve, type TestServer } from './servers.js';

// The global fetch is trusted to honour the call's signal (the client does not race it): these prove, with
// a real server, that a stall anywhere still ends the call and frees the connection.
const query = { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } as const;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function stalling(part: 'nothing' | 'headers' | 'half a body') {
  const closed: boolean[] = [];
  const server = await serve((_req, res) => {
    res.on('close', () => closed.push(true));
    if (part === 'nothing') return;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    if (part === 'half a body') res.write('{"code":200,"message":"');
    else res.flushHeaders();
  });
  servers.push(server);
  return { server, closed };
}

describe('a stalled answer from a real server, with the global fetch', () => {
  for (const part of ['nothing', 'headers', 'half a body'] as const) {
    it(`times out when the server sends ${part} and then stalls, and the connection is closed`, async () => {
      const { server, closed } = await stalling(part);
      const client = createDajiClient({
        appKey: APP_KEY,
        appSecret: APP_SECRET,
        baseUrl: server.url,
        timeoutMs: 300,
      });
      const error = await client.GET('/alibaba/product/keywordQuery', { params: { query } }).catch((e) => e);
      expect(error).toBeInstanceOf(DajiTimeoutError);
      expect((error as DajiTimeoutError).operationId).toBe('keywordSearch');
      await expect.poll(() => closed.length).toBe(1);
    });
  }

  it('ends at once with a DajiAbortError when the caller aborts while the body stalls', async () => {
    const { server, closed } = await stalling('half a body');
    const client = createDajiClient({ appKey: APP_KEY, appSecret: APP_SECRET, baseUrl: server.url });
    const caller = new AbortController();
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query }, signal: caller.signal });
    await expect.poll(() => server.received.length).toBe(1);
    caller.abort();
    expect(await call.catch((e) => e)).toBeInstanceOf(DajiAbortError);
    await expect.poll(() => closed.length).toBe(1);
  });
});
