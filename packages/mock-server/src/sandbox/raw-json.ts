// 1688 sends order ids as bare JSON numbers of 19 digits, beyond what a JavaScript number holds. The
// sandbox keeps them as digit strings and writes them out unquoted, exactly as Daji does.

const MARK = '\u0000#';
const MARKED = /"\\u0000#(-?\d+)"/g;

/** A 19-digit id that is written into JSON as a bare number. */
export class JsonDigits {
  constructor(readonly digits: string) {}
  toJSON(): string {
    return `${MARK}${this.digits}`;
  }
}

/** `JSON.stringify`, with every `JsonDigits` written as a bare number. */
export function stringifyWithDigits(value: unknown): string {
  return JSON.stringify(value).replace(MARKED, '$1');
}
