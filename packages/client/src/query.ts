/**
 * How Daji reads query strings: `sort` and `orderIdList` are JSON text, `filter` is a comma list, and
 * other arrays repeat the parameter name.
 */

/** The `sort` parameter as an object; it travels as its JSON text, e.g. `{"price":"asc"}`. */
export type DajiSort =
  | { price: 'asc' | 'desc' }
  | { rePurchaseRate: 'asc' | 'desc' }
  | { monthSold: 'asc' | 'desc' };

function pair(name: string, value: string): string {
  try {
    return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  } catch {
    // A URIError: a lone UTF-16 surrogate, usually from a string cut through an emoji or a rare character.
    throw new TypeError(
      `Query parameter "${name.replace(/[\uD800-\uDFFF]/g, '\uFFFD')}" is not well-formed text: it holds a lone UTF-16 surrogate (often a string cut in the middle of an emoji). Pass complete characters.`,
    );
  }
}

function scalar(name: string, value: unknown): string {
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
  ) {
    return String(value);
  }
  throw new TypeError(
    `Query parameter "${name}" is ${value === null ? 'null' : typeof value}; Daji's query parameters are strings, numbers or booleans (arrays repeat the parameter).`,
  );
}

/**
 * The wire text of a parameter Daji reads from one structured value: `sort` as JSON text, `orderIdList` as
 * a JSON array of strings, `filter` as a comma list. `undefined` for any other name or shape.
 */
export function queryText(name: string, value: unknown): string | undefined {
  if (name === 'sort' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  if (!Array.isArray(value)) return undefined;
  // Ids are written as JSON strings: they are beyond 2^53 and must never become numbers.
  if (name === 'orderIdList') return JSON.stringify(value.map((id) => scalar(name, id)));
  if (name === 'filter') return value.map((flag) => scalar(name, flag)).join(',');
  return undefined;
}

/**
 * Serializes a query object the way Daji expects. `undefined` and `null` are left out (they are not
 * signed either); an empty string is sent and signed as `name=`.
 *
 * @example serializeQuery({ keyword: '连衣裙', sort: { price: 'asc' }, filter: ['shipInToday', 'jxhy'] })
 * // keyword=%E8%BF%9E%E8%A1%A3%E8%A3%99&sort=%7B%22price%22%3A%22asc%22%7D&filter=shipInToday%2Cjxhy
 */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  return encodePairs(queryPairs(query));
}

/** A query's `[name, text]` pairs in the order they are sent: what is both encoded and signed. */
export function queryPairs(query: Record<string, unknown> | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  if (!query) return pairs;
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object') {
      pairs.push([name, scalar(name, value)]);
      continue;
    }
    const text = queryText(name, value);
    if (text !== undefined) {
      // An empty filter list means no filter.
      if (name !== 'filter' || (value as unknown[]).length > 0) pairs.push([name, text]);
    } else if (Array.isArray(value)) {
      for (const item of value) pairs.push([name, scalar(name, item)]);
    } else {
      pairs.push([name, scalar(name, value)]);
    }
  }
  return pairs;
}

/** `name=value&…`, URL-encoded. */
export function encodePairs(pairs: readonly (readonly [string, string])[]): string {
  let text = '';
  for (let i = 0; i < pairs.length; i++) text += `${i === 0 ? '' : '&'}${pair(pairs[i]![0], pairs[i]![1])}`;
  return text;
}
