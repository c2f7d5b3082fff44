/**
 * Enforces the request rules generated from the spec (`generated/constraints.ts`): a small subset of
 * JSON Schema, checked before anything is sent, with errors that name the field, what it was and what
 * Daji accepts. `scripts/constraints.mjs` refuses to generate a keyword this file does not enforce.
 */
import { queryText } from './query.js';

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

/** One field's (or one whole query's or body's) rules, as generated from the spec. */
export interface Rule {
  type?: JsonType;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** Formats the client checks: `uri`, `int32`, `int64`. */
  format?: string;
  minItems?: number;
  maxItems?: number;
  items?: Rule;
  required?: readonly string[];
  properties?: Readonly<Record<string, Rule>>;
  /** `false`: fields the spec does not list are refused. */
  additionalProperties?: false;
  anyOf?: readonly Rule[];
  oneOf?: readonly Rule[];
  /** The request body itself is required. */
  present?: true;
}

// Request fields hold no credentials (the client adds those later), so their values help the message.
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

/** The JSON type of a value; a bigint counts as an integer, anything JSON cannot hold as `undefined`. */
function typeOf(value: unknown): JsonType | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (type === 'bigint') return 'integer';
  return type === 'string' || type === 'boolean' || type === 'object' ? type : undefined;
}

/** "from 1 to 50", "of at least 1", "of at most 50" … for a pair of limits. */
function limits(low: number | undefined, high: number | undefined): string {
  if (low !== undefined && high !== undefined) return `from ${low} to ${high}`;
  return low !== undefined ? `of at least ${low}` : high !== undefined ? `of at most ${high}` : '';
}

function outside(n: number, low = -Infinity, high = Infinity): boolean {
  return n < low || n > high;
}

/**
 * Throws a `TypeError` (wrong kind, missing, pattern, enum, unknown field) or a `RangeError` (number,
 * length or count outside the limits) naming `where` when `value` breaks `rule`.
 */
export function enforce(rule: Rule, value: unknown, where: string, inQuery = false): void {
  if (value === undefined) return;
  const type = rule.type;
  let actual = typeOf(value);
  if (inQuery && type && type !== actual) {
    // Query values are text on the wire: '20' and 20 are the same request, and sort, filter and
    // orderIdList are checked as the text they become.
    if (actual === 'string' && /^-?\d+(\.\d+)?$/.test(value as string)) value = Number(value);
    else if (actual === 'array' || actual === 'object') {
      const text = queryText(where.slice(where.lastIndexOf('.') + 1), value);
      if (text === undefined && actual === 'array') {
        // A repeated parameter: every value must pass on its own.
        for (const [i, item] of (value as unknown[]).entries()) enforce(rule, item, `${where}[${i}]`, true);
        return;
      }
      value = text;
    }
    actual = typeOf(value);
  }
  if (value === null) return; // left out when sent, like undefined
  const is = `${where} is ${describe(value)}; Daji accepts`;
  const integer = type === 'integer';
  if (type && type !== actual && !(actual === 'integer' && type === 'number')) {
    if (actual === 'number' && integer) {
      throw new RangeError(`${is} an integer ${limits(rule.minimum, rule.maximum)}.`);
    }
    if (typeof value !== 'string' && rule.pattern?.test('0')) {
      throw new TypeError(
        `${where} is a ${typeof value} (${String(value)}); pass ids as digit strings, e.g. '2257164624870311973' — a number loses digits beyond 2^53.`,
      );
    }
    throw new TypeError(`${is} ${type} only.`);
  }
  if (rule.enum && !rule.enum.includes(value)) {
    throw new TypeError(`${is} one of ${rule.enum.map((v) => JSON.stringify(v)).join(', ')}.`);
  }
  if (actual === 'integer' || actual === 'number') {
    const n = value as number;
    const low = rule.exclusiveMinimum;
    // An int32 format is generated as its range.
    const { minimum: min, maximum: max } = rule;
    if (outside(n, min, max) || n <= (low ?? -Infinity)) {
      throw new RangeError(
        `${is} ${integer ? 'an integer' : 'a number'} ${low !== undefined ? `above ${low}` : limits(min, max)}.`,
      );
    }
    if (rule.format === 'int64' && typeof n === 'number' && !Number.isSafeInteger(n)) {
      throw new RangeError(`${where} is ${n}, beyond 2^53: it has already lost digits. Pass it as a bigint.`);
    }
  } else if (actual === 'string') {
    const text = value as string;
    // Characters, as JSON Schema counts them; UTF-16 length is exact enough away from the limits.
    const near = text.length > (rule.maxLength ?? text.length) || text.length < 2 * (rule.minLength ?? 0);
    const length = near ? [...text].length : text.length;
    if (outside(length, rule.minLength, rule.maxLength)) {
      throw new RangeError(
        `${is} text ${limits(rule.minLength, rule.maxLength)} characters (it has ${length}).`,
      );
    }
    if (rule.pattern && !rule.pattern.test(text))
      throw new TypeError(`${is} text matching ${rule.pattern.source}.`);
    if (rule.format === 'uri' && !/^[a-z][a-z\d+.-]*:\S+$/i.test(text)) {
      throw new TypeError(`${is} an absolute URL only, e.g. 'https://…'.`);
    }
  } else if (actual === 'array') {
    const items = value as unknown[];
    if (outside(items.length, rule.minItems, rule.maxItems)) {
      throw new RangeError(
        `${where} has ${items.length} items; Daji accepts ${limits(rule.minItems, rule.maxItems)}.`,
      );
    }
    if (rule.items) for (const [i, item] of items.entries()) enforce(rule.items, item, `${where}[${i}]`);
  } else if (actual === 'object') {
    const fields = value as Record<string, unknown>;
    for (const name of rule.required ?? []) {
      if (fields[name] === undefined || fields[name] === null) {
        throw new TypeError(`${where}.${name} is missing; Daji requires it.`);
      }
    }
    const properties = rule.properties;
    for (const name in fields) {
      const field = properties?.[name];
      if (field) enforce(field, fields[name], `${where}.${name}`, inQuery);
      else if (properties && rule.additionalProperties === false && fields[name] !== undefined) {
        throw new TypeError(
          `${where}.${name} is not a field Daji knows here; expected one of ${Object.keys(properties).join(', ')}.`,
        );
      }
    }
  }
  const branches = rule.anyOf ?? rule.oneOf;
  if (branches) {
    const problems: string[] = [];
    for (const branch of branches) {
      try {
        enforce(branch, value, where, inQuery);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    const passed = branches.length - problems.length;
    if (!passed)
      throw new TypeError(`${where} fits none of the forms Daji accepts: ${problems.join(' Or: ')}`);
    if (rule.oneOf && passed > 1) {
      throw new TypeError(`${where} fits ${passed} of the forms Daji accepts, which wants exactly one.`);
    }
  }
}
