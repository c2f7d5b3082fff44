/**
 * Splits a JSON object's text into its top-level members without ever converting a number, so a
 * 19-digit order id written as a bare JSON number keeps every digit in the sign string and in the
 * rebuilt body.
 */

/** One top-level member: its decoded key and the exact JSON text of its value. */
export type JsonField = [key: string, raw: string];

/** Throws a SyntaxError unless `text` is one JSON object. Duplicate keys: the last one wins, as in JSON.parse. */
export function topLevelFields(text: string): JsonField[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text); // full validation; the values themselves are read from the text
  } catch {
    // JSON.parse quotes the offending text, which may hold credentials: keep it out of the message.
    throw new SyntaxError('the body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SyntaxError('the JSON body is not an object, so there are no top-level fields to sign');
  }
  const fields = new Map<string, string>();
  let i = skipSpace(text, 0) + 1; // past '{'
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] === '}') break;
    const keyEnd = endOfString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd) + 1; // past ':'
    i = skipSpace(text, i);
    const valueEnd = endOfValue(text, i);
    fields.delete(key);
    fields.set(key, text.slice(i, valueEnd).trimEnd());
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') i++;
  }
  return [...fields];
}

/** The value as it enters the sign string: strings decoded, other scalars verbatim, containers compacted. */
export function rawSignText(raw: string): string | undefined {
  const first = raw[0];
  if (first === '"') return JSON.parse(raw) as string;
  if (raw === 'null') return undefined;
  if (first === '{' || first === '[') return compactRaw(raw);
  return raw;
}

/** Removes insignificant whitespace from JSON text, leaving strings and number digits untouched. */
export function compactRaw(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') {
      const end = endOfString(raw, i);
      out += raw.slice(i, end);
      i = end - 1;
    } else if (!SPACE.includes(c)) {
      out += c;
    }
  }
  return out;
}

const SPACE = ' \n\r\t';

function skipSpace(text: string, i: number): number {
  while (i < text.length && SPACE.includes(text[i]!)) i++;
  return i;
}

/** Index just past the string literal that starts at `i`. */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** Index just past the value that starts at `i` (a string, a container, or a literal). */
function endOfValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return endOfString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = endOfString(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && text[j] !== ',' && text[j] !== '}') j++;
  return j;
}
