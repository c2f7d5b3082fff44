/**
 * Enforces the request rules generated from the spec (`generated/constraints.ts`): a small subset of
 * JSON Schema, checked before anything is sent, with errors that name the field, what it was and what
 * Daji accepts. `scripts/constraints.mjs` refuses to generate a keyword this file does not enforce.
 */
import { queryText } from './query.js';

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

/** One field's (or one whole query's or body's) rules, as generated from the spec. */
export interface Rule {
  type?: JsonType | readonly JsonType[];
  enum?: readonly unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
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
  /** A query parameter that travels as JSON text (`content: application/json` in the spec). */
  json?: true;
  /** The request body itself is required. */
  present?: true;
}

// Request fields hold no credentials (the client adds those later), so their values help the message.
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

function typeOf(value: unknown): JsonType | 'bigint' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return type === 'string' || type === 'boolean' || type === 'object' || type === 'bigint' ? type : 'other';
}

function fits(type: JsonType, actual: string): boolean {
  return (
    type === actual ||
    (type === 'number' && (actual === 'integer' || actual === 'bigint')) ||
    (type === 'integer' && actual === 'bigint')
  );
}

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** "from 1 to 50", "of at least 1", "above 0" … for a pair of limits. */
function limits(low: number | undefined, high: number | undefined, exclusive = false): string {
  if (low !== undefined && high !== undefined && !exclusive) return `from ${low} to ${high}`;
  const parts: string[] = [];
  if (low !== undefined) parts.push(exclusive ? `above ${low}` : `of at least ${low}`);
  if (high !== undefined) parts.push(exclusive ? `below ${high}` : `of at most ${high}`);
  return parts.join(' and ');
}

function outside(n: number, low: number | undefined, high: number | undefined): boolean {
  return (low !== undefined && n < low) || (high !== undefined && n > high);
}

/**
 * Throws a `TypeError` (wrong kind, missing, pattern, enum, unknown field) or a `RangeError` (number,
 * length or count outside the limits) naming `where` when `value` breaks `rule`.
 */
export function enforce(rule: Rule, value: unknown, where: string, inQuery = false): void {
  if (value === undefined) return;
  let actual = typeOf(value);
  const types = rule.type === undefined ? undefined : ([] as JsonType[]).concat(rule.type);
  if (inQuery && types && !types.includes(actual as JsonType)) {
    // Query values are text on the wire: '20' and 20 are the same request, and sort, filter and
    // orderIdList are checked as the text they become.
    if (actual === 'string' && rule.json) value = JSON.parse(value as string);
    else if (actual === 'string' && /^-?\d+(\.\d+)?$/.test(value as string)) value = Number(value);
    else if ((actual === 'array' || actual === 'object') && !rule.json) {
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
  if (value === null && !types?.includes('null')) return; // left out when sent, like undefined
  const is = `${where} is ${describe(value)}; Daji accepts`;
  if (types && !types.some((t) => fits(t, actual))) {
    if (actual === 'number' && types.includes('integer')) {
      throw new RangeError(`${is} an integer ${limits(rule.minimum, rule.maximum)}.`);
    }
    if (typeof value !== 'string' && rule.pattern?.test('0')) {
      throw new TypeError(
        `${where} is a ${typeof value} (${String(value)}); pass ids as digit strings, e.g. '2257164624870311973' — a number loses digits beyond 2^53.`,
      );
    }
    throw new TypeError(`${is} ${types.join(' or ')} only.`);
  }
  if ((rule.enum && !rule.enum.includes(value)) || ('const' in rule && rule.const !== value)) {
    throw new TypeError(`${is} one of ${list(rule.enum ?? [rule.const])}.`);
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = value as number;
    const int32 = rule.format === 'int32' ? 2 ** 31 : undefined;
    if (
      outside(n, rule.minimum, rule.maximum) ||
      n <= (rule.exclusiveMinimum ?? Number.NEGATIVE_INFINITY) ||
      n >= (rule.exclusiveMaximum ?? Number.POSITIVE_INFINITY) ||
      (int32 !== undefined && outside(n, -int32, int32 - 1))
    ) {
      const exclusive = rule.exclusiveMinimum !== undefined || rule.exclusiveMaximum !== undefined;
      throw new RangeError(
        `${is} ${types?.includes('integer') ? 'an integer' : 'a number'} ${exclusive ? limits(rule.exclusiveMinimum, rule.exclusiveMaximum, true) : limits(rule.minimum ?? (int32 && -int32), rule.maximum ?? (int32 && int32 - 1))}.`,
      );
    }
    if (rule.format === 'int64' && !Number.isSafeInteger(n) && typeof n === 'number') {
      throw new RangeError(`${where} is ${n}, beyond 2^53: it has already lost digits. Pass it as a bigint.`);
    }
  } else if (typeof value === 'string') {
    // Characters, as JSON Schema counts them; UTF-16 length is exact enough away from the limits.
    const near = value.length > (rule.maxLength ?? value.length) || value.length < 2 * (rule.minLength ?? 0);
    const length = near ? [...value].length : value.length;
    if (outside(length, rule.minLength, rule.maxLength)) {
      throw new RangeError(
        `${is} text ${limits(rule.minLength, rule.maxLength)} characters (it has ${length}).`,
      );
    }
    if (rule.pattern && !rule.pattern.test(value)) {
      throw new TypeError(`${is} text matching ${rule.pattern.source}.`);
    }
    if (rule.format === 'uri' && !/^[a-z][a-z\d+.-]*:\S+$/i.test(value)) {
      throw new TypeError(`${is} an absolute URL only, e.g. 'https://…'.`);
    }
  } else if (Array.isArray(value)) {
    if (outside(value.length, rule.minItems, rule.maxItems)) {
      throw new RangeError(
        `${where} has ${value.length} items; Daji accepts ${limits(rule.minItems, rule.maxItems)}.`,
      );
    }
    if (rule.items) for (const [i, item] of value.entries()) enforce(rule.items, item, `${where}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
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
