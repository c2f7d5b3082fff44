// JSON for recordings: integers beyond 2^53 (19-digit order ids sent as bare numbers) keep every digit
// and stay numbers in the recorded file, so a recording shows exactly the types Daji sent.

// Written into the JSON text as an escape, so the parsed string starts with a NUL no real text has.
const MARK = '\\u0000int:';
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** JSON.parse, except that integers too long for a double are held as marked strings. */
export function parseKeepingDigits(text: string): unknown {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0] ?? '';
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(last, i)}"${MARK}${token}"`;
        last = i + token.length;
      }
      i += Math.max(token.length, 1) - 1;
    }
  }
  return JSON.parse(out + text.slice(last));
}

/** JSON.stringify that writes the marked integers of `parseKeepingDigits` back as bare numbers. */
export function stringifyKeepingDigits(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/"\\u0000int:(-?\d+)"/g, '$1');
}
