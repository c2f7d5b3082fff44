/**
 * JSON parsing that never rounds a 64-bit id. 1688 order ids (e.g. 2237938826932135493) are beyond
 * 2^53, so `JSON.parse` would silently turn them into a different number. Node 20 has no reviver access
 * to the source text, so integer literals that are not safe integers are quoted before parsing and
 * reach the caller as exact decimal strings. Safe integers and all other numbers are left alone.
 *
 * The rewrite is one pass over the text, so parsing stays linear in its length whatever an answer holds,
 * and it only ever turns a valid number token into a string token: text `JSON.parse` rejects is rejected.
 */

// An unsafe integer has at least 16 digits. Spelled out, the pattern lets the regex engine skip ahead
// instead of testing every position, so text without such a run (the common case) costs ~5% of a parse.
// It has no open-ended quantifier: the end of a run is found by a plain loop, so no run can make the
// regex engine backtrack or overflow its stack.
const DIGIT_RUN = /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/g;

const MAX_SAFE = '9007199254740991'; // String(Number.MAX_SAFE_INTEGER)
const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

// In valid JSON a value token follows `:`, `,` or `[` (or starts the text) and precedes `,`, `}` or `]`
// (or ends it), whitespace aside. A digit run elsewhere is part of a float, an exponent, a key or a string.
function isValueToken(json: string, from: number, to: number): boolean {
  let before = from - 1;
  while (before >= 0 && isSpace(json.charCodeAt(before))) before--;
  const b = json.charCodeAt(before);
  if (!(before < 0 || b === 58 /* : */ || b === 44 /* , */ || b === 91) /* [ */) return false;
  let after = to;
  while (after < json.length && isSpace(json.charCodeAt(after))) after++;
  const a = json.charCodeAt(after);
  return after >= json.length || a === 44 /* , */ || a === 125 /* } */ || a === 93; /* ] */
}

function isEscaped(json: string, quoteAt: number): boolean {
  let backslashes = 0;
  for (let i = quoteAt - 1; i >= 0 && json.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

function isUnsafe(json: string, from: number, to: number): boolean {
  const length = to - from;
  return length > MAX_SAFE.length || (length === MAX_SAFE.length && json.slice(from, to) > MAX_SAFE);
}

// Where the hop from quote to quote has got to: the next quote, and whether that point is inside a string.
// Module state is safe here, as one rewrite runs to its end before the next starts.
let nextQuote = -1;
let inString = false;

// Whether `at` is inside a string, hopping from quote to quote from where the last call stopped. Kept out
// of the main loop on purpose: inlined there, V8's optimized code turned the loop quadratic once warm
// (a 2 MB array of ids took 4–9 s from the third call on, against 70 ms for the first two).
function insideString(json: string, at: number): boolean {
  while (nextQuote !== -1 && nextQuote < at) {
    if (!inString || !isEscaped(json, nextQuote)) inString = !inString;
    nextQuote = json.indexOf('"', nextQuote + 1);
  }
  return inString;
}

/** Rewrites JSON text so every integer literal beyond ±(2^53 − 1) becomes a JSON string. */
export function quoteUnsafeIntegers(json: string): string;
// `blind: true` (parseLosslessJson's first rewrite only) skips telling digit runs inside strings apart; any
// other second argument (an index from `texts.map(quoteUnsafeIntegers)`) leaves the rewrite exact.
export function quoteUnsafeIntegers(json: string, blind?: boolean): string {
  DIGIT_RUN.lastIndex = 0;
  let match = DIGIT_RUN.exec(json);
  if (match === null) return json;
  const out: string[] = [];
  let copied = 0;
  // String state is tracked by hopping from quote to quote, each quote visited once, and only as far as
  // the next candidate: digit runs inside strings (image URLs, trace blobs) are never touched.
  inString = false;
  nextQuote = json.indexOf('"');
  while (match !== null) {
    const digits = match.index;
    let end = digits + 16;
    while (end < json.length && isDigit(json.charCodeAt(end))) end++;
    const token = json.charCodeAt(digits - 1) === MINUS ? digits - 1 : digits;
    // A leading zero is not a JSON number: left as it is, so `JSON.parse` rejects it.
    if (json.charCodeAt(digits) !== ZERO && isUnsafe(json, digits, end) && isValueToken(json, token, end)) {
      if (blind === true || !insideString(json, token)) {
        out.push(json.slice(copied, token), '"', json.slice(token, end), '"');
        copied = end;
      }
    }
    DIGIT_RUN.lastIndex = end;
    match = DIGIT_RUN.exec(json);
  }
  if (copied === 0) return json;
  out.push(json.slice(copied));
  return out.join('');
}

/**
 * `JSON.parse` that keeps unsafe integers exact, as strings. Throws `SyntaxError` exactly when
 * `JSON.parse` would.
 *
 * @example parseLosslessJson('{"orderId":2237938826932135493}') // { orderId: '2237938826932135493' }
 */
export function parseLosslessJson(json: string): unknown {
  // First without tracking strings, which costs a pass over every quote. Quoting a digit run that sits in
  // a string can never parse: the inserted quote ends that string and a digit or `-` follows it, which
  // JSON forbids. So this parse succeeds only when every quote went around a number token, exactly as the
  // exact rewrite would have put it; otherwise (or for invalid text) the exact rewrite decides.
  try {
    return JSON.parse((quoteUnsafeIntegers as (json: string, blind: boolean) => string)(json, true));
  } catch {
    return JSON.parse(quoteUnsafeIntegers(json));
  }
}
