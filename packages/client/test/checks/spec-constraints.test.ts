/**
 * Walks the bundled spec on its own (not the generated constraints) and, for every rule it declares on a
 * request's query or body, sends the operation's own example with exactly that rule broken. The client,
 * with its default checks, must refuse each one before sending, with an error naming the field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createObservedClient, envelope, json } from '../helpers/observed-client.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const spec = JSON.parse(
  readFileSync(new URL('../../../../spec/dist/openapi.json', import.meta.url), 'utf8'),
) as Schema;
const CREDENTIALS = new Set(['appKey', 'sign', 'appSecret']);
/** Keywords that only describe. Every other keyword on a request schema must be exercised below. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'deprecated',
  'default',
  'readOnly',
  'writeOnly',
  '$comment',
  'discriminator',
  'externalDocs',
  'contentMediaType',
  'contentEncoding',
]);
/** Formats the client enforces; other formats are annotations, as JSON Schema has them by default. */
const ENFORCED_FORMATS = new Set(['uri', 'int32', 'int64']);

function deref(node: Json | undefined): Schema {
  let value = node as Schema;
  while (value && typeof value === 'object' && typeof value.$ref === 'string') {
    value = (value.$ref as string)
      .slice(2)
      .split('/')
      .reduce<Json>((at, key) => (at as Schema)[key] as Json, spec as Json) as Schema;
  }
  return value ?? {};
}

/** The schema with $refs resolved and allOf branches merged (properties and required combined). */
function flatten(node: Json | undefined): Schema {
  const schema = deref(node);
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  const out: Schema = { ...own };
  for (const branch of allOf) {
    const part = flatten(branch);
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties') out.properties = { ...(out.properties as Schema), ...(value as Schema) };
      else if (key === 'required')
        out.required = [...new Set([...((out.required as string[]) ?? []), ...(value as string[])])];
      else out[key] = value;
    }
  }
  return out;
}

const clone = <T>(value: T): T => structuredClone(value);

interface Case {
  name: string;
  /** Text the error message must contain: the operation and the field. */
  field: string;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

/** A string of the right length that the pattern refuses. */
function nonMatching(schema: Schema): string {
  const pattern = new RegExp(schema.pattern as string, 'u');
  const length = Math.max(1, (schema.minLength as number | undefined) ?? 1);
  for (const char of ['x', '!', ' ', '9', '-', 'Z', '中']) {
    const text = char.repeat(length);
    if (!pattern.test(text)) return text;
  }
  throw new Error(`no sample text breaks the pattern ${schema.pattern}`);
}

/** Values that break one keyword each; `undefined` means "delete it" (for required). */
function violations(schema: Schema, sample: unknown): [keyword: string, value: unknown][] {
  const out: [string, unknown][] = [];
  const types = ([] as Json[]).concat((schema.type as Json) ?? []);
  for (const [keyword, limit] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword.startsWith('x-') || keyword === '$ref') continue;
    switch (keyword) {
      case 'type':
        out.push([
          'type',
          types.includes('string')
            ? types.includes('boolean')
              ? []
              : true
            : types.includes('boolean')
              ? 'yes'
              : 'x-y',
        ]);
        if (
          types.includes('string') &&
          typeof schema.pattern === 'string' &&
          new RegExp(schema.pattern, 'u').test('12')
        ) {
          out.push(['type (a 64-bit id as a number)', 2237938826932135400]);
        }
        break;
      case 'minimum':
        out.push([keyword, (limit as number) - (types.includes('integer') ? 1 : 0.5)]);
        break;
      case 'maximum':
        out.push([keyword, (limit as number) + 1]);
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        out.push([keyword, limit]);
        break;
      case 'minLength':
        if ((limit as number) > 0) out.push([keyword, 'x'.repeat((limit as number) - 1)]);
        break;
      case 'maxLength':
        out.push([keyword, 'A'.repeat((limit as number) + 4)]);
        break;
      case 'pattern':
        out.push([keyword, nonMatching(schema)]);
        break;
      case 'enum':
        out.push([keyword, typeof (limit as Json[])[0] === 'string' ? 'not-a-listed-value' : 987654]);
        break;
      case 'const':
        out.push([keyword, typeof limit === 'string' ? `${limit}-other` : 987654]);
        break;
      case 'format':
        if (limit === 'uri') out.push([keyword, 'not a url']);
        else if (limit === 'int32') out.push([keyword, 2 ** 31]);
        else if (limit === 'int64') out.push([keyword, 2 ** 53 + 2]);
        else if (ENFORCED_FORMATS.has(limit as string)) throw new Error(`no sample for format ${limit}`);
        break;
      case 'minItems':
        if ((limit as number) > 0) out.push([keyword, (sample as unknown[]).slice(0, (limit as number) - 1)]);
        break;
      case 'maxItems': {
        const item = (sample as unknown[])[0];
        out.push([keyword, Array.from({ length: (limit as number) + 1 }, () => clone(item))]);
        break;
      }
      case 'items':
      case 'properties':
      case 'required':
      case 'additionalProperties':
      case 'unevaluatedProperties':
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        break; // walked by the caller
      default:
        throw new Error(
          `the walk has no violation for \`${keyword}\`; add one so the rule is proven enforced`,
        );
    }
  }
  return out;
}

/** Every case for one object schema (query or body) whose valid sample is `sample`. */
function walk(
  operationId: string,
  place: 'query' | 'body',
  root: Record<string, unknown>,
  path: (string | number)[],
  node: Json,
  cases: Case[],
) {
  const schema = flatten(node);
  const at = (p: (string | number)[]) =>
    p.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), place);
  const get = (target: unknown, p: (string | number)[]) =>
    p.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], target);
  const set = (value: unknown) => {
    const copy = clone(root);
    if (path.length === 0) return value as Record<string, unknown>;
    const parent = get(copy, path.slice(0, -1)) as Record<string | number, unknown>;
    if (value === undefined) delete parent[path.at(-1)!];
    else parent[path.at(-1)!] = value;
    return copy;
  };
  const sample = path.length ? get(root, path) : root;
  if (path.length) {
    for (const [keyword, value] of violations(schema, sample)) {
      cases.push({
        name: `${at(path)} breaks ${keyword}`,
        field: `${operationId}: ${at(path)}`,
        [place]: set(value),
      });
    }
  }
  const properties = (schema.properties ?? {}) as Schema;
  for (const name of (schema.required as string[] | undefined) ?? []) {
    if (CREDENTIALS.has(name) && path.length === 0) continue;
    cases.push({
      name: `${at([...path, name])} breaks required`,
      field: `${operationId}: ${at([...path, name])}`,
      [place]: (() => {
        const copy = clone(root);
        delete (get(copy, path) as Record<string, unknown>)[name];
        return copy;
      })(),
    });
  }
  if (schema.additionalProperties === false || schema.unevaluatedProperties === false) {
    cases.push({
      name: `${at(path)} breaks additionalProperties`,
      field: `${operationId}: ${at([...path, 'notAField'])}`,
      [place]: (() => {
        const copy = clone(root);
        (get(copy, path) as Record<string, unknown>).notAField = 'x';
        return copy;
      })(),
    });
  }
  // "One of these fields" rules (anyOf / oneOf of `required` lists): none of them, and for oneOf two at once.
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = (schema[keyword] as Schema[] | undefined)?.map(flatten);
    if (!branches) continue;
    const named = branches.map((b) => (b.required as string[] | undefined) ?? []);
    if (named.some((list) => list.length === 0)) {
      throw new Error(`${at(path)}: a ${keyword} branch without a required list has no violation here`);
    }
    const none = clone(root);
    for (const name of named.flat()) delete (get(none, path) as Record<string, unknown>)[name];
    cases.push({
      name: `${at(path)} breaks ${keyword} (none given)`,
      field: `${operationId}: ${at(path)}`,
      [place]: none,
    });
    if (keyword === 'oneOf') {
      const container = get(root, path) as Record<string, unknown>;
      const present = named.flat().find((name) => container[name] !== undefined);
      if (present === undefined) throw new Error(`${at(path)}: the example gives none of the oneOf fields`);
      const both = clone(root);
      for (const name of named.flat())
        (get(both, path) as Record<string, unknown>)[name] = container[present];
      cases.push({
        name: `${at(path)} breaks oneOf (two given)`,
        field: `${operationId}: ${at(path)}`,
        [place]: both,
      });
    }
  }
  for (const [name, sub] of Object.entries(properties)) {
    if (CREDENTIALS.has(name) && path.length === 0) continue;
    const container = get(root, path) as Record<string, unknown>;
    let withField = root;
    if (container[name] === undefined) {
      // An optional field the example leaves out: give it a valid value first when one is at hand.
      const valid = exampleOf(sub);
      if (valid === undefined) {
        // Without a valid value only the keyword violations can be tried: put them in place directly.
        const flat = flatten(sub);
        for (const [keyword, value] of violations(flat, undefined)) {
          if (value === undefined || keyword === 'minItems' || keyword === 'maxItems') continue;
          const copy = clone(root);
          (get(copy, path) as Record<string, unknown>)[name] = value;
          cases.push({
            name: `${at([...path, name])} breaks ${keyword}`,
            field: `${operationId}: ${at([...path, name])}`,
            [place]: copy,
          });
        }
        continue;
      }
      withField = clone(root);
      (get(withField, path) as Record<string, unknown>)[name] = valid;
    }
    walk(operationId, place, withField, [...path, name], sub, cases);
  }
  if (schema.items && Array.isArray(sample) && sample.length > 0) {
    walk(operationId, place, root, [...path, 0], schema.items, cases);
  }
}

function exampleOf(node: Json): unknown {
  const schema = flatten(node);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples)) return schema.examples[0];
  if (Array.isArray(schema.enum)) return schema.enum[0];
  return undefined;
}

interface Operation {
  operationId: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  cases: Case[];
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Schema)) {
    for (const method of ['get', 'post'] as const) {
      const op = (item as Schema)[method] as Schema | undefined;
      if (!op) continue;
      const operationId = op.operationId as string;
      const operation: Operation = {
        operationId,
        method: method.toUpperCase() as 'GET' | 'POST',
        path,
        cases: [],
      };
      const params = ((op.parameters as Json[]) ?? []).map(deref).filter((p) => p.in === 'query');
      const queryParams = params.filter((p) => !CREDENTIALS.has(p.name as string));
      if (queryParams.length) {
        const query: Record<string, unknown> = {};
        const schema: Schema = { type: 'object', properties: {}, required: [] };
        for (const p of queryParams) {
          const name = p.name as string;
          const paramSchema = p.schema ?? (Object.values(p.content as Schema)[0] as Schema).schema;
          (schema.properties as Schema)[name] = paramSchema as Json;
          if (p.required) (schema.required as string[]).push(name);
          const example = p.example ?? exampleOf(paramSchema as Json);
          if (p.required || example !== undefined) query[name] = example;
        }
        // Rules over several parameters at once, stated beside the parameters.
        const { description: _, ...across } = (op['x-daji-query-schema'] as Schema | undefined) ?? {};
        Object.assign(schema, across);
        operation.query = query;
        walk(operationId, 'query', query, [], schema, operation.cases);
      }
      const content = (op.requestBody as Schema | undefined)?.content as Schema | undefined;
      if (content) {
        const media = Object.values(content)[0] as Schema;
        const examples = Object.values((media.examples as Schema) ?? {}).map((e) => (e as Schema).value);
        const example = clone((media.example ?? examples[0]) as Record<string, unknown>);
        for (const name of CREDENTIALS) delete example[name];
        operation.body = example;
        walk(operationId, 'body', example, [], media.schema as Json, operation.cases);
      }
      out.push(operation);
    }
  }
  return out;
}

const all = operations();

function send(op: Operation, query: Record<string, unknown> | undefined, body: unknown) {
  const { client, requests } = createObservedClient({}, () => json(envelope({}))); // the default checks
  const init = { ...(query ? { params: { query } } : {}), ...(body ? { body } : {}) };
  const call = (op.method === 'GET' ? client.GET : client.POST)(op.path as never, init as never);
  return { call, requests };
}

describe('every request rule the spec declares is enforced before sending', () => {
  it('finds rules in every operation that declares any, several hundred in all', () => {
    const total = all.reduce((n, op) => n + op.cases.length, 0);
    expect(total).toBeGreaterThan(150);
    for (const op of all) expect(op.cases.length, op.operationId).toBeGreaterThan(0);
  });

  describe.each(all.map((op) => [op.operationId, op] as const))('%s', (_id, op) => {
    it("sends the spec's own example", async () => {
      const { call, requests } = send(op, op.query, op.body);
      const result = await call;
      expect((result as { error?: unknown }).error).toBeUndefined();
      expect(requests).toHaveLength(1);
    });

    it.each(op.cases.map((c) => [c.name, c] as const))('refuses %s, naming the field', async (_name, c) => {
      const { call, requests } = send(op, c.query ?? op.query, c.body ?? op.body);
      const error = await call.then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error, 'the call should have been refused').toBeInstanceOf(Error);
      expect([TypeError, RangeError].some((kind) => error instanceof kind)).toBe(true);
      expect((error as Error).message).toContain(c.field);
      expect(requests).toHaveLength(0);
    });
  });
});
