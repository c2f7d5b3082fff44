/** Walking the pages of a search: keywordSearch, imageSearch and shopSearch. */
import type { DajiClient } from './client.js';
import { unwrap } from './envelope.js';
import { routes } from './generated/routes.js';
import type { DataOf, QueryOf } from './paths.js';

/** Operations whose answers are pages of products. */
export type SearchOperation = 'keywordSearch' | 'imageSearch' | 'shopSearch';

/** One product of a search page. */
export type SearchItem<Op extends SearchOperation> =
  DataOf<Op> extends { data: ReadonlyArray<infer Item> } ? Item : never;

interface LoosePage {
  data?: unknown;
  currentPage?: number;
  totalPage?: number;
  totalRecords?: number;
}

/** One page as Daji answered it, with the trace id to quote to Daji support. */
export interface DajiPage<Op extends SearchOperation> {
  items: SearchItem<Op>[];
  currentPage: number;
  totalPage: number;
  totalRecords: number;
  traceId: string;
  /** The page's whole payload (e.g. `picRegionInfo` for image search). */
  data: DataOf<Op>;
}

export interface PaginateOptions {
  /** Stop after this many items, even mid-page. */
  maxItems?: number;
}

/** An async iterable of items that also exposes the page the current item came from. */
export interface DajiPaginator<Op extends SearchOperation> extends AsyncIterable<SearchItem<Op>> {
  /** The page the most recent item came from (undefined before the first page arrives). */
  readonly page: DajiPage<Op> | undefined;
  /** Iterate whole pages instead of items. */
  pages(): AsyncIterable<DajiPage<Op>>;
}

/**
 * Iterates the items of a search across pages, from `beginPage` (default 1) until `totalPage`, an empty
 * page, or `maxItems`. A failed page throws its `DajiError`.
 *
 * @example
 * for await (const item of paginate(daji, 'keywordSearch', { keyword: '连衣裙', pageSize: 50, country: 'en' }, { maxItems: 200 })) {
 *   console.log(item.offerId, item.subjectTrans);
 * }
 */
export function paginate<Op extends SearchOperation>(
  client: DajiClient<boolean>,
  operation: Op,
  query: Omit<QueryOf<Op>, 'beginPage'> & { beginPage?: number },
  options: PaginateOptions = {},
): DajiPaginator<Op> {
  const route = routes[operation] as { method: string; path: string } | undefined;
  if (!route || !['keywordSearch', 'imageSearch', 'shopSearch'].includes(operation)) {
    throw new TypeError(
      `paginate: operation must be 'keywordSearch', 'imageSearch' or 'shopSearch', got ${JSON.stringify(operation)}.`,
    );
  }
  const { maxItems } = options;
  if (maxItems !== undefined && (!Number.isInteger(maxItems) || maxItems < 1)) {
    throw new RangeError(`paginate: options.maxItems must be a whole number ≥ 1, got ${String(maxItems)}.`);
  }
  let current: DajiPage<Op> | undefined;

  async function* pages(): AsyncGenerator<DajiPage<Op>> {
    let pageNumber = query.beginPage ?? 1;
    let seen = 0;
    while (true) {
      const result = await client.GET(
        route!.path as never,
        {
          params: { query: { ...query, beginPage: pageNumber } },
        } as never,
      );
      const envelope = (result as { data?: { traceId?: string } }).data;
      const data = (await unwrap(result as never)) as LoosePage;
      const items = (Array.isArray(data?.data) ? data.data : []) as SearchItem<Op>[];
      const kept = maxItems === undefined ? items : items.slice(0, maxItems - seen);
      seen += kept.length;
      current = {
        items: kept,
        currentPage: data.currentPage ?? pageNumber,
        totalPage: data.totalPage ?? pageNumber,
        totalRecords: data.totalRecords ?? seen,
        traceId: envelope?.traceId ?? '',
        data: data as DataOf<Op>,
      };
      yield current;
      // Bounded by Daji's own page count; an empty page also ends the walk in case that count is wrong.
      if (items.length === 0 || pageNumber >= (data.totalPage ?? pageNumber)) return;
      if (maxItems !== undefined && seen >= maxItems) return;
      pageNumber += 1;
    }
  }

  return {
    get page() {
      return current;
    },
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items;
    },
  };
}
