import { describe, expect, it } from 'vitest';
import { DajiBusinessError, paginate } from '../../src/index.js';
import { createObservedClient, envelope, json } from '../helpers/observed-client.js';

const query = { keyword: '连衣裙', pageSize: 2, country: 'en' } as const;

/** Daji answering 3 pages of 2, 2 and 1 products, each page with its own trace id. */
function threePages(request: Request): Response {
  const page = Number(new URL(request.url).searchParams.get('beginPage'));
  const sizes = [2, 2, 1];
  const items = Array.from({ length: sizes[page - 1] ?? 0 }, (_, i) => ({
    offerId: page * 100 + i,
    subject: `商品${page}-${i}`,
  }));
  return json(
    envelope(
      { totalRecords: 5, totalPage: 3, pageSize: 2, currentPage: page, data: items },
      { traceId: `trace-page-${page}` },
    ),
  );
}

describe('paginate', () => {
  it('walks 3 pages, yielding every item once, and stops at totalPage', async () => {
    const { client, requests } = createObservedClient({}, threePages);
    const seen: Array<{ offerId: number | string; traceId: string | undefined }> = [];
    const pager = paginate(client, 'keywordSearch', query);
    for await (const item of pager) seen.push({ offerId: item.offerId, traceId: pager.page?.traceId });
    expect(seen).toEqual([
      { offerId: 100, traceId: 'trace-page-1' },
      { offerId: 101, traceId: 'trace-page-1' },
      { offerId: 200, traceId: 'trace-page-2' },
      { offerId: 201, traceId: 'trace-page-2' },
      { offerId: 300, traceId: 'trace-page-3' },
    ]);
    expect(requests.map((r) => new URL(r.url).searchParams.get('beginPage'))).toEqual(['1', '2', '3']);
    // Every page is signed on its own.
    expect(new Set(requests.map((r) => new URL(r.url).searchParams.get('sign'))).size).toBe(3);
  });

  it('stops at maxItems, mid-page, without fetching further pages', async () => {
    const { client, requests } = createObservedClient({}, threePages);
    const ids: Array<number | string> = [];
    for await (const item of paginate(client, 'keywordSearch', query, { maxItems: 3 }))
      ids.push(item.offerId);
    expect(ids).toEqual([100, 101, 200]);
    expect(requests).toHaveLength(2);
  });

  it('iterates whole pages from a given beginPage', async () => {
    const { client } = createObservedClient({}, threePages);
    const pages = [];
    for await (const page of paginate(client, 'keywordSearch', { ...query, beginPage: 2 }).pages())
      pages.push(page);
    expect(pages.map((p) => [p.currentPage, p.totalPage, p.items.length, p.traceId])).toEqual([
      [2, 3, 2, 'trace-page-2'],
      [3, 3, 1, 'trace-page-3'],
    ]);
  });

  it('ends on an empty page even if totalPage says there are more', async () => {
    const { client, requests } = createObservedClient({}, () =>
      json(envelope({ totalRecords: 2000, totalPage: 101, pageSize: 20, currentPage: 1, data: [] })),
    );
    const items = [];
    for await (const item of paginate(client, 'shopSearch', {
      sellerOpenId: 'BBBabc',
      pageSize: 20,
      country: 'en',
    }))
      items.push(item);
    expect(items).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('throws the page’s DajiError when a page fails', async () => {
    const { client } = createObservedClient({}, (request) =>
      new URL(request.url).searchParams.get('beginPage') === '2'
        ? json({ code: 429, message: '调用过于频繁', data: null, timestamp: 1, traceId: 'slow-down' })
        : threePages(request),
    );
    const ids: Array<number | string> = [];
    const walk = async () => {
      for await (const item of paginate(client, 'imageSearch', {
        imageId: '1723633532159012345',
        pageSize: 2,
        country: 'en',
      })) {
        ids.push(item.offerId);
      }
    };
    await expect(walk()).rejects.toMatchObject({
      name: 'DajiBusinessError',
      traceId: 'slow-down',
      operationId: 'imageSearch',
    });
    await expect(walk()).rejects.toBeInstanceOf(DajiBusinessError);
    expect(ids).toEqual([100, 101, 100, 101]);
  });

  it('refuses operations that are not searches and a bad maxItems', () => {
    const { client } = createObservedClient({}, threePages);
    // @ts-expect-error getProductDetail has no pages
    expect(() => paginate(client, 'getProductDetail', {})).toThrow(
      /operation must be 'keywordSearch', 'imageSearch' or 'shopSearch'/,
    );
    expect(() => paginate(client, 'keywordSearch', query, { maxItems: 0 })).toThrow(
      /maxItems must be a whole number ≥ 1/,
    );
  });
});
