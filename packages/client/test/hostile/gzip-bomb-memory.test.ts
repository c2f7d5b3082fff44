import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createDajiClient, DajiResponseTooLargeError } from '../../src/index.js';
import { APP_KEY, APP_SECRET } from '../helpers/observed-client.js';
import { serve } from './servers.js';

// Its own file, so its own worker: peak RSS is measured against this process's peak before the call.
const MiB = 1024 * 1024;

describe('memory under a decompression bomb', () => {
  const member = gzipSync(Buffer.alloc(16 * MiB));
  const pending = serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    let sent = 0;
    const more = () => {
      while (sent < 160) {
        sent++;
        if (!res.write(member)) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('close', () => {
      sent = 160;
    });
    more();
  });
  afterAll(async () => (await pending).close());

  // What stays is bounded by the limit (what was read, as text) plus garbage the runtime's gzip decoder
  // leaves until its next full collection (about twice what was read); without the limit the body would
  // have taken 2.5 GiB.
  it('2.5 GiB of decoded gzip: peak RSS growth stays within 5 × the 32 MiB limit, far from the body size', async () => {
    const server = await pending;
    const client = createDajiClient({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      baseUrl: server.url,
      timeoutMs: 60_000,
    });
    globalThis.gc?.();
    const before = process.resourceUsage().maxRSS * 1024;
    const { error } = await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } },
    });
    const growth = process.resourceUsage().maxRSS * 1024 - before;
    expect(error).toBeInstanceOf(DajiResponseTooLargeError);
    expect(growth).toBeLessThan(5 * 32 * MiB);
  });
});
