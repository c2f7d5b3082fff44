/**
 * The text Daji's MD5 signature is computed over (reference §2.2): every parameter except `sign`,
 * `null`/`undefined` dropped (an empty string stays and signs as `key=`), keys sorted by UTF-16 code
 * unit, `key=value` with the raw (not URL-encoded) value, joined by `&`, then `&secret=<appSecret>`.
 */

/** Request parameters as an application holds them before they are sent. */
export type SignParams = Readonly<Record<string, unknown>>;

/** One `key=value` pair of the sign string, the value already rendered as text. */
export type SignPair = readonly [key: string, value: string];

/** `canonicalString({ appKey: 'k', orderId: '1' }, 's')` → `'appKey=k&orderId=1&secret=s'` */
export function canonicalString(params: SignParams, appSecret: string): string {
  assertSecret(appSecret, 'canonicalString');
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new TypeError(
      `canonicalString: params must be a plain object of request parameters, got ${describe(params)}.`,
    );
  }
  return canonicalText(params, appSecret);
}

/**
 * `canonicalString` without checking its arguments, for a caller that checked `appSecret` once and built
 * `params` as a plain object itself (the client, on every call). Values are still checked as they are written.
 */
export function canonicalText(params: SignParams, appSecret: string): string {
  // Object keys are unique, so the default sort (UTF-16 code units, native and fast) is enough here.
  const keys = Object.keys(params).sort();
  let text = '';
  for (const key of keys) {
    if (key === 'sign') continue;
    const value = params[key];
    if (value === null || value === undefined) continue;
    text += `${key}=${typeof value === 'string' ? value : signText(value, key)}&`;
  }
  return `${text}secret=${appSecret}`;
}

/**
 * Sorts and joins pairs that are already text. Pairs sharing a key (a repeated query parameter or form
 * field) keep their transmitted order, one `key=value` each.
 */
export function joinCanonical(pairs: readonly SignPair[], appSecret: string): string {
  // Array#sort is stable, and `<` on strings compares UTF-16 code units like Java's String#compareTo.
  const sorted = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : +(a[0] > b[0])));
  let text = '';
  for (const [key, value] of sorted) text += `${key}=${value}&`;
  return `${text}secret=${appSecret}`;
}

/** A parameter value as the server sees it: scalars as plain text, objects and arrays as compact JSON. */
export function signText(value: unknown, key: string): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(
          `Cannot sign parameter "${key}": ${value} is not a finite number and cannot be sent; pass a finite number or a string.`,
        );
      }
      return String(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'object': {
      const json = compactJson(value, key);
      // Values that serialise to a JSON string (Date, objects with toJSON) travel as that string.
      return json.startsWith('"') ? (JSON.parse(json) as string) : json;
    }
    default:
      throw new TypeError(
        `Cannot sign parameter "${key}": a ${typeof value} cannot be sent as a request value.`,
      );
  }
}

/**
 * `JSON.stringify` without whitespace, except that a bigint is written as its exact digits (19-digit
 * 1688 ids must never pass through a JS number) instead of throwing. `toJSON` gets the property name,
 * as `JSON.stringify({ [key]: value })` would pass it.
 */
export function compactJson(value: unknown, key: string): string {
  let out: string | undefined;
  try {
    // Native and several times faster; it throws only for a bigint (or a cycle, or a throwing toJSON),
    // and the exact serializer below then gives the bigint its digits or throws the same way.
    out = JSON.stringify(hasToJson(value) ? value.toJSON(key) : value);
  } catch {
    out = toJson(value, key);
  }
  if (out === undefined) {
    throw new TypeError(`Cannot sign parameter "${key}": its value has no JSON form.`);
  }
  return out;
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}

/** JSON.stringify's algorithm with bigints as digits. `key` is a string, or an array index. */
function toJson(value: unknown, key: string | number): string | undefined {
  if (hasToJson(value)) value = value.toJSON(String(key));
  if (
    value instanceof Number ||
    value instanceof String ||
    value instanceof Boolean ||
    value instanceof BigInt
  ) {
    value = value.valueOf();
  }
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${toJson(value[i], i) ?? 'null'}`;
    return `${out}]`;
  }
  let out = '';
  for (const k of Object.keys(value as object)) {
    const json = toJson((value as Record<string, unknown>)[k], k);
    if (json !== undefined) out += `,${JSON.stringify(k)}:${json}`;
  }
  return `{${out.slice(1)}}`;
}

export function assertSecret(appSecret: unknown, where: string): asserts appSecret is string {
  if (typeof appSecret !== 'string' || appSecret === '') {
    throw new TypeError(
      `${where}: appSecret must be a non-empty string (the secret of your Daji app, from the Daji console), got ${describe(appSecret)}.`,
    );
  }
}

/** Names what a bad input was without ever printing it: the value might be a secret. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
