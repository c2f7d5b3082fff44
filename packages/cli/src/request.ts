import { readFileSync } from 'node:fs';
import { UsageError } from './exit-codes.js';
import { describeField, type Field, fieldsOf, type Operation } from './operations.js';

export interface BuiltRequest {
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

type ParseJson = (text: string) => unknown;

function firstSentence(text: string): string {
  const end = text.search(/(?<!\be\.g|\bi\.e)[.。](\s|$)/);
  const sentence = end >= 0 ? text.slice(0, end + 1) : text;
  return sentence.length > 110 ? `${sentence.slice(0, 109)}…` : sentence;
}

/** The valid parameters of an operation, one per line, required ones first: part of every usage error. */
export function validParameters(operation: Operation): string {
  const fields = [...fieldsOf(operation)].sort((a, b) => Number(b.required) - Number(a.required));
  if (fields.length === 0) return `${operation.operationId} takes no parameters.`;
  const where = operation.body ? 'body fields' : 'query parameters';
  return [
    `${operation.operationId} ${where} (* = required):`,
    ...fields.map((f) => `  ${describeField(f)}${f.description ? `  ${firstSentence(f.description)}` : ''}`),
    ...(operation.body?.oneOf ?? []).map(
      (group) => `  exactly one of: ${group.map((names) => names.join(' + ')).join(' or ')}`,
    ),
    ...(operation.queryAnyOf
      ? [`  at least one of: ${operation.queryAnyOf.map((names) => names.join(' + ')).join(' or ')}`]
      : []),
  ].join('\n');
}

/**
 * A `key=value` argument typed as the spec declares the field: integers and booleans become JSON
 * numbers and booleans, arrays and objects are parsed as JSON (ids stay exact strings), strings stay
 * strings — so a 19-digit order id typed on the command line is never turned into a number.
 * `key=@FILE` reads the value from FILE (an image as base64, text otherwise).
 */
function typedValue(operation: Operation, field: Field, raw: string, parseJson: ParseJson): unknown {
  const where = `${operation.operationId}: ${field.name}`;
  if (raw.startsWith('@') && raw.length > 1) {
    const file = raw.slice(1);
    try {
      // A picture travels as base64 text; checked like one (at most 3 MB of image) before sending.
      if (field.name === 'image_base64') return readFileSync(file).toString('base64');
      raw = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new UsageError(
        `${where}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error}).`,
      );
    }
  }
  const types = field.type.split('|');
  if (types.includes('string') || types.includes('any')) {
    if (types.length === 1 || !/^[[{]/.test(raw.trim())) return raw;
  }
  if (types.includes('integer') || types.includes('number')) {
    const n = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(n)) {
      if (types.includes('integer') && !Number.isSafeInteger(n)) {
        throw new UsageError(`${where} must be a whole number within ±2^53, got ${JSON.stringify(raw)}.`);
      }
      return n;
    }
    if (!types.includes('array') && !types.includes('object')) {
      throw new UsageError(`${where} must be a number, got ${JSON.stringify(raw)}.`);
    }
  }
  if (types.includes('boolean')) {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new UsageError(`${where} must be true or false, got ${JSON.stringify(raw)}.`);
  }
  if (types.includes('array') && !raw.trim().startsWith('[')) {
    // `orderEntryIds=1,2` reads as a list of strings.
    return raw.split(',').map((s) => s.trim());
  }
  try {
    return parseJson(raw);
  } catch {
    throw new UsageError(
      `${where} must be JSON (${field.type}), got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)}.`,
      'Quote it for your shell, e.g. \'addressParam={"fullName":"张三"}\', or put the whole body in a file: --body FILE.',
    );
  }
}

/**
 * Builds the request of `daji call` from `key=value` arguments (and, for operations with a body, the
 * JSON of `--body`). Every unknown or missing parameter is named, with the list of valid ones; the
 * values themselves are then checked by the client's rules generated from the spec (`specChecks`).
 */
export function buildRequest(
  operation: Operation,
  pairs: string[],
  bodyText: string | undefined,
  parseJson: ParseJson,
): BuiltRequest {
  const fields = fieldsOf(operation);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const values: Record<string, unknown> = {};

  if (bodyText !== undefined) {
    if (!operation.body) {
      throw new UsageError(
        `${operation.operationId} is a ${operation.method} with query parameters only; --body does not apply.`,
        validParameters(operation),
      );
    }
    let parsed: unknown;
    try {
      parsed = parseJson(bodyText);
    } catch (error) {
      throw new UsageError(`--body is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError('--body must be a JSON object, e.g. {"orderId":"2257164624870311973"}.');
    }
    for (const credential of ['appKey', 'sign', 'appSecret']) {
      if (credential in parsed) {
        throw new UsageError(
          `--body holds "${credential}"; leave credentials out: daji signs every request with your app key and secret.`,
        );
      }
    }
    Object.assign(values, parsed);
  }

  // Strict on what leaves: a misspelt field in a --body file is refused like a misspelt key=value.
  const unknown: string[] = Object.keys(values).filter((name) => !byName.has(name));
  const given = new Set<string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(
        `${JSON.stringify(pair)} is not a parameter; write parameters as key=value.`,
        validParameters(operation),
      );
    }
    const name = pair.slice(0, eq);
    if (['appKey', 'sign', 'appSecret'].includes(name)) {
      throw new UsageError(
        `${name} is not a parameter of daji call: credentials come from DAJI_APP_KEY / DAJI_APP_SECRET (or --app-key / --app-secret-file), and every request is signed for you.`,
      );
    }
    const field = byName.get(name);
    if (!field) {
      unknown.push(name);
      continue;
    }
    if (given.has(name)) throw new UsageError(`${operation.operationId}: ${name} is given twice.`);
    given.add(name);
    values[name] = typedValue(operation, field, pair.slice(eq + 1), parseJson);
  }
  if (unknown.length > 0) {
    throw new UsageError(
      `${operation.operationId} has no parameter ${unknown.map((n) => JSON.stringify(n)).join(', ')}.`,
      validParameters(operation),
    );
  }
  // A required field with a single allowed value (`webSite: 1688` of an order read) is filled in.
  for (const field of fields) {
    if (field.required && values[field.name] === undefined && field.enum?.length === 1) {
      values[field.name] = field.enum[0];
    }
  }
  for (const group of operation.body?.oneOf ?? []) {
    const given = group.filter((names) => names.every((name) => values[name] !== undefined));
    if (given.length !== 1) {
      const choices = group.map((names) => names.join(' + ')).join(' or ');
      throw new UsageError(
        `${operation.operationId} needs exactly one of ${choices}; ${given.length === 0 ? 'none was' : 'several were'} given.`,
        validParameters(operation),
      );
    }
  }
  const missing = fields.filter((f) => f.required && (values[f.name] === undefined || values[f.name] === ''));
  if (missing.length > 0) {
    throw new UsageError(
      `${operation.operationId} is missing required ${missing.length === 1 ? 'parameter' : 'parameters'} ${missing.map((f) => f.name).join(', ')}.`,
      validParameters(operation),
    );
  }
  if (operation.body) {
    return { body: values };
  }
  return Object.keys(values).length > 0 ? { query: values } : {};
}
