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

function numberText(rule: Rule, integer: boolean): string {
  const what = integer ? 'an integer' : 'a number';
  const low = rule.minimum ?? rule.exclusiveMinimum;
  const high = rule.maximum ?? rule.exclusiveMaximum;
  const above = rule.exclusiveMinimum !== undefined ? `above ${low}` : `of at least ${low}`;
  const below = rule.exclusiveMaximum !== undefined ? `below ${high}` : `of at most ${high}`;
  if (low !== undefined && high !== undefined) {
    return rule.minimum !== undefined && rule.maximum !== undefined
      ? `${what} from ${low} to ${high}`
      : `${what} ${above} and ${below}`;
  }
  return low !== undefined ? `${what} ${above}` : high !== undefined ? `${what} ${below}` : what;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Throws a `TypeError` (wrong kind, missing, pattern, enum, unknown field) or a `RangeError` (number,
 * length or count outside the limits) naming `where` when `value` breaks `rule`.
 */
export function enforce(rule: Rule, value: unknown, where: string, inQuery = false): void {
  if (value === undefined) return;
  let actual = typeOf(value);
  const types = rule.type === undefined ? undefined : ([] as JsonType[]).concat(rule.type);
  if (inQuery && types && actual !== 'null') {
    if ((actual === 'array' || actual === 'object') && !types.includes(actual)) {
      if (rule.json) {
        // Checked as the array or object it is; it travels as its JSON text.
      } else {
        const text = queryText(where.slice(where.lastIndexOf('.') + 1), value);
        if (text === undefined && actual === 'array') {
          // A repeated parameter: every value must pass on its own.
          for (const [i, item] of (value as unknown[]).entries()) enforce(rule, item, `${where}[${i}]`, true);
          return;
        }
        value = text;
        actual = 'string';
      }
    } else if (actual === 'string' && !types.includes('string') && /^-?\d+(\.\d+)?$/.test(value as string)) {
      // Query values are text on the wire: '20' and 20 are the same request.
      value = Number(value);
      actual = typeOf(value);
    } else if (actual === 'string' && rule.json) {
      value = JSON.parse(value as string);
      actual = typeOf(value);
    }
  }
  if (value === null && !types?.includes('null')) return; // left out when sent, like undefined
  if (types && !types.some((t) => fits(t, actual))) {
    if (actual === 'number' && types.includes('integer')) {
      throw new RangeError(`${where} is ${describe(value)}; Daji accepts ${numberText(rule, true)}.`);
    }
    if ((actual === 'integer' || actual === 'number' || actual === 'bigint') && rule.pattern?.test('0')) {
      throw new TypeError(
        `${where} is a ${typeof value} (${String(value)}); pass ids as digit strings, e.g. '2257164624870311973' — a number loses digits beyond 2^53.`,
      );
    }
    throw new TypeError(`${where} is ${describe(value)}; Daji expects ${types.join(' or ')}.`);
  }
  if (rule.enum && !rule.enum.includes(value)) {
    throw new TypeError(`${where} is ${describe(value)}; Daji accepts one of ${list(rule.enum)}.`);
  }
  if ('const' in rule && rule.const !== value) {
    throw new TypeError(`${where} is ${describe(value)}; Daji accepts only ${list([rule.const])}.`);
  }
  switch (typeof value) {
    case 'number':
    case 'bigint': {
      const n = value as number;
      if (
        (rule.minimum !== undefined && n < rule.minimum) ||
        (rule.maximum !== undefined && n > rule.maximum) ||
        (rule.exclusiveMinimum !== undefined && n <= rule.exclusiveMinimum) ||
        (rule.exclusiveMaximum !== undefined && n >= rule.exclusiveMaximum) ||
        (rule.format === 'int32' && (n < -2147483648 || n > 2147483647))
      ) {
        throw new RangeError(
          `${where} is ${String(n)}; Daji accepts ${numberText(rule, types?.includes('integer') ?? false)}${rule.format === 'int32' ? ' (32-bit)' : ''}.`,
        );
      }
      if (rule.format === 'int64' && typeof n === 'number' && !Number.isSafeInteger(n)) {
        throw new RangeError(
          `${where} is ${String(n)}, beyond 2^53: it has already lost digits. Pass it as a bigint.`,
        );
      }
      break;
    }
    case 'string': {
      const text = value as string;
      const length =
        (rule.minLength !== undefined && text.length < rule.minLength * 2) ||
        (rule.maxLength !== undefined && text.length > rule.maxLength)
          ? codePoints(text)
          : text.length;
      if (
        (rule.minLength !== undefined && length < rule.minLength) ||
        (rule.maxLength !== undefined && length > rule.maxLength)
      ) {
        const limit =
          rule.maxLength === undefined
            ? `at least ${rule.minLength}`
            : rule.minLength === undefined
              ? `at most ${rule.maxLength}`
              : `${rule.minLength} to ${rule.maxLength}`;
        throw new RangeError(
          `${where} is ${describe(text)} (${length} characters); Daji accepts ${limit} character${rule.maxLength === 1 || (rule.maxLength === undefined && rule.minLength === 1) ? '' : 's'}.`,
        );
      }
      if (rule.pattern && !rule.pattern.test(text)) {
        throw new TypeError(
          `${where} is ${describe(text)}; Daji accepts text matching ${rule.pattern.source}.`,
        );
      }
      if (rule.format === 'uri' && !isUri(text)) {
        throw new TypeError(`${where} is ${describe(text)}; Daji expects an absolute URL, e.g. 'https://…'.`);
      }
      break;
    }
    case 'object':
      if (Array.isArray(value)) {
        if (
          (rule.minItems !== undefined && value.length < rule.minItems) ||
          (rule.maxItems !== undefined && value.length > rule.maxItems)
        ) {
          const limit =
            rule.maxItems === undefined
              ? `at least ${rule.minItems}`
              : rule.minItems === undefined
                ? `at most ${rule.maxItems}`
                : `${rule.minItems} to ${rule.maxItems}`;
          throw new RangeError(`${where} has ${value.length} items; Daji accepts ${limit}.`);
        }
        if (rule.items) for (const [i, item] of value.entries()) enforce(rule.items, item, `${where}[${i}]`);
      } else if (value !== null) {
        enforceObject(rule, value as Record<string, unknown>, where, inQuery);
      }
  }
  if (rule.anyOf || rule.oneOf) enforceAlternatives(rule, value, where, inQuery);
}

function enforceObject(rule: Rule, fields: Record<string, unknown>, where: string, inQuery: boolean): void {
  for (const name of rule.required ?? []) {
    if (fields[name] === undefined || fields[name] === null) {
      throw new TypeError(`${where}.${name} is missing; Daji requires it.`);
    }
  }
  const properties = rule.properties;
  if (!properties) return;
  for (const name in fields) {
    const field = properties[name];
    if (field) enforce(field, fields[name], `${where}.${name}`, inQuery);
    else if (rule.additionalProperties === false && fields[name] !== undefined) {
      throw new TypeError(
        `${where}.${name} is not a field Daji knows here; expected one of ${Object.keys(properties).join(', ')}.`,
      );
    }
  }
}

function enforceAlternatives(rule: Rule, value: unknown, where: string, inQuery: boolean): void {
  const branches = (rule.anyOf ?? rule.oneOf)!;
  const problems: string[] = [];
  for (const branch of branches) {
    try {
      enforce(branch, value, where, inQuery);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const passed = branches.length - problems.length;
  if (passed === 0) {
    throw new TypeError(`${where} fits none of the forms Daji accepts: ${problems.join(' Or: ')}`);
  }
  if (rule.oneOf && passed > 1) {
    throw new TypeError(`${where} fits ${passed} of the forms Daji accepts, which wants exactly one.`);
  }
}

function isUri(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
