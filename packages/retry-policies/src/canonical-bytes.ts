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
 *
 * Reading a character (`charCodeAt`) is the dear part, so the writers do as little else per character:
 * runs of ASCII go four characters to one 32-bit store, a three-byte character is one store, and parameter
 * names, which repeat from call to call, are copied from the bytes they were written as (see `topName`).
 */

/** Nesting deeper than this goes to the general path, which is also where a cycle gets its error. */
const MAX_DEPTH = 64;
/**
 * The buffer's fixed size: a request whose sign string, with MD5's padding, does not fit takes the
 * general path. A buffer that is never replaced is a module constant, which V8 folds into the code
 * that writes it: no reload of the buffer or its length on each write. (The Node build keeps every
 * top-level `const` of this file and md5-blocks.ts as `const`, see tsup.config.ts.)
 */
export const CAPACITY = 64 * 1024;
const GIVE_UP = -1;
/** Thrown by `room` when the bytes would not fit; `canonicalBytes` turns it into GIVE_UP. */
const OVERFLOW = new RangeError('The sign string does not fit the signing buffer.');

/**
 * `String.prototype.charCodeAt` as a plain function. Written `s.charCodeAt(i)`, each call looks the method
 * up on String.prototype; once any code in the process subclasses String (ioredis does), V8 keeps that
 * object in its slow dictionary form and every character costs a dictionary lookup and a generic call,
 * about five times the work. A bound call is inlined either way.
 */
const charCode: (s: string, i: number) => number = Function.prototype.call.bind(String.prototype.charCodeAt);

const bytes = new Uint8Array(CAPACITY);
const words = new Int32Array(bytes.buffer);
const view = new DataView(bytes.buffer);
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
 * params need the general path (also when they do not fit the buffer). The bytes stay valid until the
 * next call.
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
  const keys = sortedKeys(params);
  busy = true;
  try {
    let p = 0;
    let position = 0;
    nestedPosition = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === 'sign') continue;
      const value = (params as Record<string, unknown>)[key];
      if (value === null || value === undefined) continue;
      p = topName(key, p, position++);
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
          p = Array.isArray(value) ? jsonArray(value, p, 0) : jsonObject(value, p, 0);
          if (p === GIVE_UP) return GIVE_UP;
          break;
        default:
          return GIVE_UP;
      }
      p = room(p, 1);
      bytes[p++] = 0x26; // &
    }
    p = topName('secret', p, position);
    p = utf8(appSecret, p);
    room(p, 72);
    return p;
  } catch (error) {
    if (error === OVERFLOW) return GIVE_UP;
    throw error;
  } finally {
    busy = false;
  }
}

/**
 * Writes the UTF-8 of `joinCanonical(pairs, appSecret)` like `canonicalBytes` does for params; -1 when a
 * name or value is not a string (joinCanonical then gives it its text) or the buffer is in use.
 */
export function canonicalPairBytes(pairs: readonly (readonly [string, string])[], appSecret: string): number {
  if (busy || !littleEndian || typeof appSecret !== 'string' || !plainArray(pairs)) return GIVE_UP;
  const sorted = sortedPairs(pairs);
  if (sorted === undefined) return GIVE_UP;
  busy = true;
  try {
    let p = 0;
    for (let i = 0; i < sorted.length; i++) {
      const pair = sorted[i]!;
      p = topName(pair[0], p, i);
      p = utf8(pair[1], p);
      p = room(p, 1);
      bytes[p++] = 0x26; // &
    }
    p = topName('secret', p, sorted.length);
    p = utf8(appSecret, p);
    room(p, 72);
    return p;
  } catch (error) {
    if (error === OVERFLOW) return GIVE_UP;
    throw error;
  } finally {
    busy = false;
  }
}

const arrayValues = Array.prototype[Symbol.iterator];
/** An array that iterates as it reads by index, as joinCanonical reads it (its own iterator may not). */
function plainArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && value[Symbol.iterator] === arrayValues;
}

/**
 * A copy of `pairs` sorted by name (UTF-16 code unit), pairs sharing a name in their given order, as
 * joinCanonical's stable sort leaves them; undefined unless every name and value is a string.
 */
function sortedPairs(
  pairs: readonly (readonly [string, string])[],
): (readonly [string, string])[] | undefined {
  const sorted: (readonly [string, string])[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (!plainArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return undefined;
    const key = pair[0];
    let j = i - 1;
    while (j >= 0 && sorted[j]![0] > key) {
      sorted[j + 1] = sorted[j]!;
      j--;
    }
    sorted[j + 1] = pair;
  }
  return sorted;
}

/** Object.keys of the last request, and the same names sorted: most calls list the same names in the same order. */
let lastKeys: string[] = [];
let lastSorted: string[] = [];

/** The names of `params` sorted by UTF-16 code unit. */
function sortedKeys(params: object): string[] {
  const keys = Object.keys(params);
  const n = keys.length;
  if (n === lastKeys.length) {
    let i = 0;
    while (i < n && keys[i] === lastKeys[i]) i++;
    if (i === n) return lastSorted;
  }
  lastKeys = keys;
  lastSorted = keys.slice();
  sortKeys(lastSorted);
  return lastSorted;
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

/** Checks that `n` more bytes fit after `p` (throws OVERFLOW if not). Returns `p`. */
function room(p: number, n: number): number {
  if (p + n > CAPACITY) throw OVERFLOW;
  return p;
}

/** A string as it is, in UTF-8; a lone surrogate becomes U+FFFD, as node:crypto hashes a string. */
function utf8(s: string, p: number): number {
  const n = s.length;
  room(p, n * 3 + 1);
  const out = bytes;
  const v = view;
  let i = 0;
  while (i < n) {
    // Four ASCII characters at a time, in one store.
    while (i + 4 <= n) {
      const c0 = charCode(s, i);
      const c1 = charCode(s, i + 1);
      const c2 = charCode(s, i + 2);
      const c3 = charCode(s, i + 3);
      if ((c0 | c1 | c2 | c3) >= 0x80) break;
      v.setInt32(p, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24), true);
      p += 4;
      i += 4;
    }
    for (; i < n; i++) {
      let c = charCode(s, i);
      if (c < 0x80) {
        out[p++] = c;
        if (i + 4 < n) {
          i++;
          break;
        }
        continue;
      }
      if (c < 0x800) {
        out[p++] = 0xc0 | (c >> 6);
        out[p++] = 0x80 | (c & 63);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = c <= 0xdbff && i + 1 < n ? charCode(s, i + 1) : 0;
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          p = astral(c, next, p);
          continue;
        }
        c = 0xfffd;
      }
      // Three bytes in one store; the fourth is overwritten by what follows.
      v.setInt32(p, 0x8080e0 | (c >> 12) | ((c & 0xfc0) << 2) | ((c & 63) << 16), true);
      p += 3;
    }
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

/** 1 for the ASCII characters JSON.stringify writes as they are inside a string: all but `"`, `\` and controls. */
const JSON_PLAIN = new Uint8Array(128);
for (let c = 0x20; c < 0x80; c++) JSON_PLAIN[c] = c === 0x22 || c === 0x5c ? 0 : 1;

/** A JSON string literal in UTF-8, escaped exactly as JSON.stringify escapes it. */
function quoted(s: string, p: number): number {
  const n = s.length;
  room(p, n * 6 + 2);
  const out = bytes;
  const v = view;
  const plain = JSON_PLAIN;
  out[p++] = 0x22;
  let i = 0;
  while (i < n) {
    while (i + 4 <= n) {
      const c0 = charCode(s, i);
      const c1 = charCode(s, i + 1);
      const c2 = charCode(s, i + 2);
      const c3 = charCode(s, i + 3);
      if ((c0 | c1 | c2 | c3) >= 0x80 || (plain[c0]! & plain[c1]! & plain[c2]! & plain[c3]!) === 0) break;
      v.setInt32(p, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24), true);
      p += 4;
      i += 4;
    }
    for (; i < n; i++) {
      const c = charCode(s, i);
      if (c < 0x80) {
        if (plain[c] === 1) {
          out[p++] = c;
          if (i + 4 < n) {
            i++;
            break;
          }
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
        const next = c <= 0xdbff && i + 1 < n ? charCode(s, i + 1) : 0;
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          p = astral(c, next, p);
        } else {
          out[p++] = 0x5c; // a lone surrogate: JSON.stringify writes it as \udxxx
          p = unicodeEscape(c, p);
        }
        continue;
      }
      // Three bytes in one store; the fourth is overwritten by what follows.
      v.setInt32(p, 0x8080e0 | (c >> 12) | ((c & 0xfc0) << 2) | ((c & 63) << 16), true);
      p += 3;
    }
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
  const n = s.length;
  room(p, n + 3);
  const v = view;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v.setInt32(
      p + i,
      charCode(s, i) | (charCode(s, i + 1) << 8) | (charCode(s, i + 2) << 16) | (charCode(s, i + 3) << 24),
      true,
    );
  }
  for (; i < n; i++) bytes[p + i] = charCode(s, i);
  return p + n;
}

const EMPTY = {};
/** Whether something enumerable was added to Object.prototype, so that for…in would list it. */
function inheritsEnumerable(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

/** What `json` returns for a value JSON.stringify leaves out (undefined, a function, a symbol). */
const SKIP = -2;

/**
 * Compact JSON of plain data, as JSON.stringify writes it but with bigints as digits; SKIP for a value
 * JSON leaves out, -1 to give up.
 */
function json(value: unknown, p: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return quoted(value, p);
    case 'object':
      if (value === null) return ascii('null', p);
      return Array.isArray(value) ? jsonArray(value, p, depth) : jsonObject(value, p, depth);
    case 'number':
      return ascii(Number.isFinite(value) ? String(value) : 'null', p);
    case 'boolean':
      return ascii(value ? 'true' : 'false', p);
    case 'bigint':
      return ascii(value.toString(), p);
    default:
      return SKIP;
  }
}

function jsonArray(value: unknown[], p: number, depth: number): number {
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return GIVE_UP;
  p = room(p, 1);
  bytes[p++] = 0x5b; // [
  for (let i = 0; i < value.length; i++) {
    if (i > 0) {
      p = room(p, 1);
      bytes[p++] = 0x2c; // ,
    }
    const next = json(value[i], p, depth + 1);
    if (next === GIVE_UP) return GIVE_UP;
    p = next === SKIP ? ascii('null', p) : next;
  }
  p = room(p, 1);
  bytes[p++] = 0x5d; // ]
  return p;
}

function jsonObject(value: object, p: number, depth: number): number {
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return GIVE_UP;
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
    // The separator and name are written first and taken back if JSON leaves the value out.
    const mark = p;
    if (!first) {
      p = room(p, 1);
      bytes[p++] = 0x2c; // ,
    }
    const at = nestedName(key, p, nestedPosition++);
    const next = typeof item === 'string' ? quoted(item, at) : json(item, at, depth + 1);
    if (next === GIVE_UP) return GIVE_UP;
    if (next === SKIP) {
      p = mark;
      continue;
    }
    p = next;
    first = false;
  }
  p = room(p, 1);
  bytes[p++] = 0x7d; // }
  return p;
}

// Parameter names. A request's names are few and come back on every call (`appKey`, `thirdOrderId`,
// `addressParam.fullName`…), so the written form of each (`key=` at the top level, `"key":` in nested
// JSON) is kept once it has been written, and copied four bytes at a time the next time. Only names are
// kept, never values; past NAME_ENTRIES names, further names are written each time.
const NAME_ENTRIES = 256;
/** 32-bit words per kept name: 64 bytes, enough for the written form of any name up to MAX_NAME_BYTES. */
const NAME_WORDS = 16;
const MAX_NAME_BYTES = 60;
const nameWords = new Int32Array(NAME_ENTRIES * NAME_WORDS);
const nameBytes = new Uint8Array(nameWords.buffer);
const nameLength = new Uint8Array(NAME_ENTRIES);
let nameCount = 0;
const topNames = new Map<string, number>();
const nestedNames = new Map<string, number>();
/**
 * The name written at each position by the last calls, with its entry: a request signed again finds its
 * names by one comparison each instead of a Map lookup.
 */
const RECENT = 64;
const recentTop: (string | undefined)[] = new Array(RECENT).fill(undefined);
const recentTopEntry = new Int32Array(RECENT);
const recentNested: (string | undefined)[] = new Array(RECENT).fill(undefined);
const recentNestedEntry = new Int32Array(RECENT);
let nestedPosition = 0;

/** `key=`, for the top-level name at `position` in sorted order. */
function topName(key: string, p: number, position: number): number {
  const recent = position < RECENT;
  if (recent && recentTop[position] === key) return copyName(recentTopEntry[position]!, p);
  let entry = topNames.get(key);
  if (entry === undefined) {
    const start = p;
    p = utf8(key, p);
    p = room(p, 1);
    bytes[p++] = 0x3d; // =
    entry = keepName(start, p);
    if (entry < 0) return p;
    topNames.set(key, entry);
  } else {
    p = copyName(entry, p);
  }
  if (recent) {
    recentTop[position] = key;
    recentTopEntry[position] = entry;
  }
  return p;
}

/** `"key":`, for the nested name at `position` in the order written. */
function nestedName(key: string, p: number, position: number): number {
  const recent = position < RECENT;
  if (recent && recentNested[position] === key) return copyName(recentNestedEntry[position]!, p);
  let entry = nestedNames.get(key);
  if (entry === undefined) {
    const start = p;
    p = quoted(key, p);
    p = room(p, 1);
    bytes[p++] = 0x3a; // :
    entry = keepName(start, p);
    if (entry < 0) return p;
    nestedNames.set(key, entry);
  } else {
    p = copyName(entry, p);
  }
  if (recent) {
    recentNested[position] = key;
    recentNestedEntry[position] = entry;
  }
  return p;
}

/** Keeps the name just written at bytes[start, end); returns its entry, or -1 if it is not kept. */
function keepName(start: number, end: number): number {
  const length = end - start;
  if (length > MAX_NAME_BYTES || nameCount === NAME_ENTRIES) return -1;
  const entry = nameCount++;
  nameBytes.set(bytes.subarray(start, end), entry * NAME_WORDS * 4);
  nameLength[entry] = length;
  return entry;
}

/** Copies a kept name to `p`, four bytes per store (up to three bytes past it are overwritten later). */
function copyName(entry: number, p: number): number {
  const length = nameLength[entry]!;
  room(p, length + 3);
  const v = view;
  const w = nameWords;
  let k = entry * NAME_WORDS;
  for (let o = 0; o < length; o += 4) v.setInt32(p + o, w[k++]!, true);
  return p + length;
}
