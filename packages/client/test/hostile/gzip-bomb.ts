import { gzipSync } from 'node:zlib';
import { createDajiClient } from '../../src/index.js';
import { APP_KEY, APP_SECRET } from '../helpers/observed-client.js';
import { serve } from './servers.js';

export const MiB = 1024 * 1024;

/** 160 gzip members of 16 MiB of zeros: 2.5 GiB once decoded, about 2.6 MB on the wire. */
export const BOMB_DECODED_BYTES = 160 * 16 * MiB;

/**
 * Calls a server answering with a decompression bomb, and measures how far the process's peak RSS rose
 * during the call. Run it once per test file: the peak never comes down, so a second measurement in the
 * same process would start from the first one's peak.
 */
export async function peakGrowthUnderBomb(
  maxResponseBytes?: number,
): Promise<{ error: unknown; growth: number }> {
  const member = gzipSync(Buffer.alloc(16 * MiB));
  const server = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    let sent = 0;
    const more = () => {
      while (sent < BOMB_DECODED_BYTES / (16 * MiB)) {
        sent++;
        if (!res.write(member)) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('close', () => {
      sent = Number.POSITIVE_INFINITY;
    });
    more();
  });
  try {
    const client = createDajiClient({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      baseUrl: server.url,
      timeoutMs: 60_000,
      ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
    });
    globalThis.gc?.();
    const before = process.resourceUsage().maxRSS * 1024;
    const { error } = await client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } },
    });
    return { error, growth: process.resourceUsage().maxRSS * 1024 - before };
  } finally {
    await server.close();
  }
}
