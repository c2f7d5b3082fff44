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
 * Serializes a query object the way Daji expects. `undefined` and `null` are left out (they are not
 * signed either); an empty string is sent and signed as `name=`.
 *
 * @example serializeQuery({ keyword: '连衣裙', sort: { price: 'asc' }, filter: ['shipInToday', 'jxhy'] })
 * // keyword=%E8%BF%9E%E8%A1%A3%E8%A3%99&sort=%7B%22price%22%3A%22asc%22%7D&filter=shipInToday%2Cjxhy
 */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (name === 'sort' && typeof value === 'object' && !Array.isArray(value)) {
      parts.push(pair(name, JSON.stringify(value)));
    } else if (name === 'orderIdList' && Array.isArray(value)) {
      // Ids are written as JSON strings: they are beyond 2^53 and must never become numbers.
      parts.push(pair(name, JSON.stringify(value.map((id) => scalar(name, id)))));
    } else if (name === 'filter' && Array.isArray(value)) {
      if (value.length > 0) parts.push(pair(name, value.map((flag) => scalar(name, flag)).join(',')));
    } else if (Array.isArray(value)) {
      for (const item of value) parts.push(pair(name, scalar(name, item)));
    } else {
      parts.push(pair(name, scalar(name, value)));
    }
  }
  return parts.join('&');
}
