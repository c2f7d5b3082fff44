/**
 * JSON parsing that never rounds a 64-bit id. 1688 order ids (e.g. 2237938826932135493) are beyond
 * 2^53, so `JSON.parse` would silently turn them into a different number. Node 20 has no reviver access
 * to the source text, so integer literals that are not safe integers are quoted before parsing and
 * reach the caller as exact decimal strings. Safe integers and all other numbers are left alone.
 */

// An unsafe integer has at least 16 digits. Spelled out, the pattern lets the regex engine skip ahead
// instead of testing every position, so text without such a run (the common case) costs ~5% of a parse.
const LONG_DIGIT_RUN = /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/;

// A complete integer literal of 16+ digits: not the fraction or exponent of a float.
const LONG_INTEGER = /(?<![\d.eE+-])-?\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d+(?![\d.eE])/g;

const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);
const BACKSLASH = 92;

function isSafeIntegerLiteral(literal: string): boolean {
  const digits = literal.charCodeAt(0) === 45 /* - */ ? literal.slice(1) : literal;
  if (digits.length !== MAX_SAFE.length) return digits.length < MAX_SAFE.length;
  return digits <= MAX_SAFE;
}

// In valid JSON a number token follows `:`, `,` or `[` and precedes `,`, `}` or `]` (whitespace aside). A
// digit run elsewhere sits inside a string, so it is skipped without working out the string state.
function canBeNumberToken(json: string, from: number, to: number): boolean {
  let before = from - 1;
  while (before >= 0 && isSpace(json.charCodeAt(before))) before--;
  let after = to;
  while (after < json.length && isSpace(json.charCodeAt(after))) after++;
  const b = json.charCodeAt(before);
  const a = json.charCodeAt(after);
  return (
    (before < 0 || b === 58 /* : */ || b === 44 /* , */ || b === 91) /* [ */ &&
    (after >= json.length || a === 44 /* , */ || a === 125 /* } */ || a === 93) /* ] */
  );
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isEscaped(json: string, quoteAt: number): boolean {
  let backslashes = 0;
  for (let i = quoteAt - 1; i >= 0 && json.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Rewrites JSON text so every integer literal beyond ±(2^53 − 1) becomes a JSON string. */
export function quoteUnsafeIntegers(json: string): string {
  if (!LONG_DIGIT_RUN.test(json)) return json;
  let out = '';
  let copied = 0;
  // String state is tracked by hopping from quote to quote, only as far as the next candidate, so digit
  // runs inside strings (image URLs, trace blobs) are never touched.
  let inString = false;
  let scanned = 0;
  LONG_INTEGER.lastIndex = 0;
  for (let match = LONG_INTEGER.exec(json); match !== null; match = LONG_INTEGER.exec(json)) {
    const at = match.index;
    const literal = match[0];
    if (!canBeNumberToken(json, at, at + literal.length)) continue;
    for (let q = json.indexOf('"', scanned); q !== -1 && q < at; q = json.indexOf('"', q + 1)) {
      if (!inString || !isEscaped(json, q)) inString = !inString;
      scanned = q + 1;
    }
    if (inString || isSafeIntegerLiteral(literal)) continue;
    out += `${json.slice(copied, at)}"${literal}"`;
    copied = at + literal.length;
  }
  return copied === 0 ? json : out + json.slice(copied);
}

/**
 * `JSON.parse` that keeps unsafe integers exact, as strings.
 *
 * @example parseLosslessJson('{"orderId":2237938826932135493}') // { orderId: '2237938826932135493' }
 */
export function parseLosslessJson(json: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(json));
}
