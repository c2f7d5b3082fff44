/**
 * Removes credentials from what a server or runtime sent back, in case it echoes the request: the app
 * secret wherever it appears, the exact `sign` values the request carried, and a 32-hex token written
 * after `sign=` or `"sign":`. Nothing else is touched, so Daji's own words ("Invalid sign: signature
 * verification failed") reach the user intact. JSON is redacted after it is parsed, string by string,
 * so redaction can never break the text apart.
 */

export type { Redactor };

export const REDACTED = '[redacted]';

// `sign=ABC…`, `sign: ABC…`, `"sign":"ABC…"`: only a whole 32-hex token, the shape of an MD5 sign.
const SIGN_TOKEN = /\bsign["']?\s*[=:]\s*["']?([0-9A-Fa-f]{32})(?![0-9A-Fa-f])/gi;
const HEX32 = /^[0-9A-Fa-f]{32}$/;

import type { Redactor } from './errors.js';

function define(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}

/** `secret` is the app secret; `signs` the sign values the request carried. */
export function createRedactor(secret: string, signs: readonly string[] = []): Redactor {
  const needles = [secret];
  for (const sign of signs) {
    if (sign === '') continue;
    needles.push(sign);
    if (sign.toLowerCase() !== sign) needles.push(sign.toLowerCase());
  }

  function text(input: string): string {
    // Ranges are found on the original text and merged, then replaced at once: a placeholder never
    // meets a later search, and a one-character secret cannot split a sign into unredacted pieces.
    const ranges: [number, number][] = [];
    for (const needle of needles) {
      for (let at = input.indexOf(needle); at !== -1; at = input.indexOf(needle, at + 1)) {
        ranges.push([at, at + needle.length]);
      }
    }
    SIGN_TOKEN.lastIndex = 0;
    for (let m = SIGN_TOKEN.exec(input); m !== null; m = SIGN_TOKEN.exec(input)) {
      const end = m.index + m[0].length;
      ranges.push([end - 32, end]);
    }
    if (ranges.length === 0) return input;
    ranges.sort((a, b) => a[0] - b[0]);
    const out: string[] = [];
    let copied = 0;
    let open = ranges[0]![0];
    let close = ranges[0]![1];
    const flush = () => {
      out.push(input.slice(copied, open), REDACTED);
      copied = close;
    };
    for (const [from, to] of ranges) {
      if (from > close) {
        flush();
        open = from;
      }
      if (to > close) close = to;
    }
    flush();
    out.push(input.slice(copied));
    return out.join('');
  }

  function value<T>(root: T): T {
    if (typeof root === 'string') return text(root) as T;
    if (root === null || typeof root !== 'object') return root;
    const stack: object[] = [root as object];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const item: unknown = node[i];
          if (typeof item === 'string') node[i] = text(item);
          else if (item !== null && typeof item === 'object') stack.push(item);
        }
        continue;
      }
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const original = record[key];
        let item = original;
        if (typeof item === 'string') {
          item = /^sign$/i.test(key) && HEX32.test(item) ? REDACTED : text(item);
        } else if (item !== null && typeof item === 'object') {
          stack.push(item);
        }
        const safeKey = text(key);
        if (safeKey !== key) delete record[key];
        // Defined, not assigned: a key such as `__proto__` stays a plain property, as JSON.parse made it.
        if (safeKey !== key || item !== original) define(record, safeKey, item);
      }
    }
    return root;
  }

  return { text, value };
}
