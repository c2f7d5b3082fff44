import { describe, expect, it } from 'vitest';
import { createObservedClient, json } from '../helpers/observed-client.js';

const query = { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } as const;

/** ~4 MB of bare 19-digit ids: the text that made the old parser quadratic. */
function idsAnswer(bytes: number): { text: string; first: string; count: number } {
  const ids: string[] = [];
  let size = 0;
  for (let i = 0n; size < bytes; i++) {
    const id = String(2237938826932135493n + i);
    ids.push(id);
    size += id.length + 1;
  }
  return {
    text: `{"code":200,"message":"ok","data":[${ids.join(',')}],"timestamp":1,"traceId":"t"}`,
    first: ids[0]!,
    count: ids.length,
  };
}

describe('a 4 MB answer of bare 19-digit ids', () => {
  // A hang guard, not a performance measure (the bench has the scaling figure): the quadratic parser
  // froze the event loop for ~10 s on this answer, far past the 2 s deadline.
  it('parses within the 2 s deadline with every id exact, and the event loop keeps ticking', async () => {
    const answer = idsAnswer(4 * 1024 * 1024);
    const { client } = createObservedClient({ timeoutMs: 2_000 }, () => json(answer.text));
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    try {
      const { data, error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
      expect(error).toBeUndefined();
      const ids = data!.data as unknown as string[];
      expect(ids).toHaveLength(answer.count);
      expect(ids[0]).toBe(answer.first);
      expect(ids.every((id) => typeof id === 'string' && id.length === 19)).toBe(true);
    } finally {
      clearInterval(ticker);
    }
    expect(longestGap).toBeLessThan(2_000);
  });
});
