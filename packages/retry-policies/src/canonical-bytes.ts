/**
 * The UTF-8 bytes of `canonicalString(params, appSecret)`, written straight from the parameters into
 * one reusable buffer (Node build only, see `sign-node.ts`). Building the text as a string first —
 * `JSON.stringify` per nested value, concatenation, then node:crypto flattening and re-encoding it —
 * was most of the cost of a signature.
 *
 * Only plain data is written here: strings, numbers, booleans, bigints and null, in arrays and in
 * objects whose prototype is `Object.prototype` or null. A value whose JSON form needs the rest of
 * `JSON.stringify`'s algorithm (`toJSON`, a Date, a boxed primitive, a class instance, deep nesting
 * or a cycle), or anything `canonicalString` would refuse, makes `canonicalBytes` give up (-1) before
 * it returns; the caller then signs through `canonicalString`, so results and errors stay exactly its own.
 */

/** Nesting deeper than this goes to the general path, which is also where a cycle gets its error. */
const MAX_DEPTH = 64;
/** A buffer grown past this for one huge request is not kept for the next. */
const KEEP_BYTES = 64 * 1024;
const GIVE_UP = -1;

/**
 * `String.prototype.charCodeAt` as a plain function. Written `s.charCodeAt(i)`, each call looks the method
 * up on String.prototype; once any code in the process subclasses String (ioredis does), V8 keeps that
 * object in its slow dictionary form and every character costs a dictionary lookup and a generic call,
 * about five times the work. A bound call is inlined either way.
 */
const charCode: (s: string, i: number) => number = Function.prototype.call.bind(String.prototype.charCodeAt);

let bytes = new Uint8Array(4096);
let words = new Int32Array(bytes.buffer);
/** Set while a call writes into the buffer; a getter that signs again meanwhile takes the general path. */
let busy = false;

/** MD5 reads `words` as little-endian 32-bit words, so big-endian platforms take the general path. */
const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The buffer the last `canonicalBytes` call wrote, as bytes and as 32-bit words over the same memory. */
export function canonicalBuffer(): { bytes: Uint8Array; words: Int32Array } {
  return { bytes, words };
}

/**
 * Writes the UTF-8 of `canonicalString(params, appSecret)` at the start of `canonicalBuffer()` and
 * returns its length in bytes, with room for MD5's padding (72 bytes) after it; or -1 when these
 * params need the general path. The bytes stay valid until the next call.
 */
export function canonicalBytes(params: object, appSecret: string): number {
  if (
    busy ||
    !littleEndian ||
    typeof appSecret !== 'string' ||
    appSecret === '' ||
    params === null ||
    typeof params !== 'object' ||
    Array.isArray(params)
  ) {
    return GIVE_UP;
  }
  const keys = Object.keys(params);
  sortKeys(keys);
  busy = true;
  try {
    let p = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === 'sign') continue;
      const value = (params as Record<string, unknown>)[key];
      if (value === null || value === undefined) continue;
      p = utf8(key, p);
      p = room(p, 1);
      bytes[p++] = 0x3d; // =
      switch (typeof value) {
        case 'string':
          p = utf8(value, p);
          break;
        case 'number':
          if (!Number.isFinite(value)) return GIVE_UP;
          p = ascii(String(value), p);
          break;
        case 'bigint':
        case 'boolean':
          p = ascii(String(value), p);
          break;
        case 'object':
          p = json(value, p, 0);
          if (p === GIVE_UP) return GIVE_UP;
          break;
        default:
          return GIVE_UP;
      }
      p = room(p, 1);
      bytes[p++] = 0x26; // &
    }
    p = ascii('secret=', p);
    p = utf8(appSecret, p);
    room(p, 72);
    return p;
  } finally {
    busy = false;
  }
}

/** Releases a buffer grown for one huge request. Call once the bytes have been hashed. */
export function trimCanonicalBuffer(): void {
  if (bytes.length > KEEP_BYTES) {
    bytes = new Uint8Array(4096);
    words = new Int32Array(bytes.buffer);
  }
}

/**
 * In place, by UTF-16 code unit, like the default `Array#sort` (keys are unique). Insertion sort: a
 * request has a handful of keys, often nearly in order, and the native sort's setup costs more.
 */
function sortKeys(keys: string[]): void {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    if (keys[j]! <= key) continue;
    do {
      keys[j + 1] = keys[j]!;
      j--;
    } while (j >= 0 && keys[j]! > key);
    keys[j + 1] = key;
  }
}

/** Grows the buffer, keeping what is written, so that `n` more bytes fit after `p`. Returns `p`. */
function room(p: number, n: number): number {
  if (p + n > bytes.length) {
    let size = bytes.length * 2;
    while (size < p + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(bytes.subarray(0, p));
    bytes = next;
    words = new Int32Array(next.buffer);
  }
  return p;
}

/** A string as it is, in UTF-8; a lone surrogate becomes U+FFFD, as node:crypto hashes a string. */
function utf8(s: string, p: number): number {
  room(p, s.length * 3);
  const out = bytes;
  for (let i = 0; i < s.length; i++) {
    let c = charCode(s, i);
    if (c < 0x80) {
      out[p++] = c;
      continue;
    }
    if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = c <= 0xdbff && i + 1 < s.length ? charCode(s, i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        p = astral(c, next, p);
        continue;
      }
      c = 0xfffd;
    }
    out[p++] = 0xe0 | (c >> 12);
    out[p++] = 0x80 | ((c >> 6) & 63);
    out[p++] = 0x80 | (c & 63);
  }
  return p;
}

/** The four UTF-8 bytes of a surrogate pair. */
function astral(high: number, low: number, p: number): number {
  const c = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
  const out = bytes;
  out[p++] = 0xf0 | (c >> 18);
  out[p++] = 0x80 | ((c >> 12) & 63);
  out[p++] = 0x80 | ((c >> 6) & 63);
  out[p++] = 0x80 | (c & 63);
  return p;
}

const HEX_DIGITS = '0123456789abcdef';
/** The letter after `\` for the control characters JSON.stringify writes short: \b \t \n \f \r. */
const SHORT_ESCAPE: Record<number, number> = { 8: 0x62, 9: 0x74, 10: 0x6e, 12: 0x66, 13: 0x72 };

/** A JSON string literal in UTF-8, escaped exactly as JSON.stringify escapes it. */
function quoted(s: string, p: number): number {
  room(p, s.length * 6 + 2);
  const out = bytes;
  out[p++] = 0x22;
  for (let i = 0; i < s.length; i++) {
    const c = charCode(s, i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
        out[p++] = c;
        continue;
      }
      out[p++] = 0x5c; // \
      if (c === 0x22 || c === 0x5c) out[p++] = c;
      else if (SHORT_ESCAPE[c] !== undefined) out[p++] = SHORT_ESCAPE[c];
      else p = unicodeEscape(c, p);
      continue;
    }
    if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = c <= 0xdbff && i + 1 < s.length ? charCode(s, i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        p = astral(c, next, p);
      } else {
        out[p++] = 0x5c; // a lone surrogate: JSON.stringify writes it as \udxxx
        p = unicodeEscape(c, p);
      }
      continue;
    }
    out[p++] = 0xe0 | (c >> 12);
    out[p++] = 0x80 | ((c >> 6) & 63);
    out[p++] = 0x80 | (c & 63);
  }
  out[p++] = 0x22;
  return p;
}

/** `uXXXX` (after the backslash) in lower-case hex, as JSON.stringify writes it. */
function unicodeEscape(c: number, p: number): number {
  const out = bytes;
  out[p++] = 0x75;
  out[p++] = charCode(HEX_DIGITS, c >> 12);
  out[p++] = charCode(HEX_DIGITS, (c >> 8) & 15);
  out[p++] = charCode(HEX_DIGITS, (c >> 4) & 15);
  out[p++] = charCode(HEX_DIGITS, c & 15);
  return p;
}

/** Text known to be ASCII: digits, `true`, `null`. */
function ascii(s: string, p: number): number {
  room(p, s.length);
  const out = bytes;
  for (let i = 0; i < s.length; i++) out[p++] = charCode(s, i);
  return p;
}

const EMPTY = {};
/** Whether something enumerable was added to Object.prototype, so that for…in would list it. */
function inheritsEnumerable(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Compact JSON of plain data, as JSON.stringify writes it but with bigints as digits; -1 to give up. */
function json(value: unknown, p: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return quoted(value, p);
    case 'number':
      return ascii(Number.isFinite(value) ? String(value) : 'null', p);
    case 'boolean':
      return ascii(value ? 'true' : 'false', p);
    case 'bigint':
      return ascii(value.toString(), p);
    case 'object':
      break;
    default:
      return GIVE_UP;
  }
  if (value === null) return ascii('null', p);
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return GIVE_UP;
  if (Array.isArray(value)) {
    p = room(p, 1);
    bytes[p++] = 0x5b; // [
    for (let i = 0; i < value.length; i++) {
      if (i > 0) {
        p = room(p, 1);
        bytes[p++] = 0x2c; // ,
      }
      const item: unknown = value[i];
      p = skipped(item) ? ascii('null', p) : json(item, p, depth + 1);
      if (p === GIVE_UP) return GIVE_UP;
    }
    p = room(p, 1);
    bytes[p++] = 0x5d; // ]
    return p;
  }
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || inheritsEnumerable()) return GIVE_UP;
  p = room(p, 1);
  bytes[p++] = 0x7b; // {
  let first = true;
  // for…in reads values by the key cache V8 keeps for the object's shape, several times faster than
  // value[key] for each of Object.keys(value); with nothing enumerable inherited it yields the same keys
  // in the same order.
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (skipped(item)) continue;
    if (!first) {
      p = room(p, 1);
      bytes[p++] = 0x2c; // ,
    }
    first = false;
    p = quoted(key, p);
    p = room(p, 1);
    bytes[p++] = 0x3a; // :
    p = json(item, p, depth + 1);
    if (p === GIVE_UP) return GIVE_UP;
  }
  p = room(p, 1);
  bytes[p++] = 0x7d; // }
  return p;
}
