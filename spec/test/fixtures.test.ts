// Real Daji answers (third-party captures) and the official wiki's examples, checked against the spec.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchored, createAjv } from './support/ajv.js';
import { type Json, type JsonObject, loadBundle, operations, resolve } from './support/spec.js';

const spec = loadBundle();
const ajv = createAjv(spec);
const fixturesDir = new URL('./fixtures/', import.meta.url);

interface Fixture {
  file: string;
  operationId: string;
  direction?: 'request' | 'response';
  status?: number;
  part?: 'data';
  truncated?: boolean;
  prefix?: string;
  body?: Json;
}

function load(dir: string): Fixture[] {
  const url = new URL(`${dir}/`, fixturesDir);
  return readdirSync(url)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map(
      (f) =>
        ({
          file: `${dir}/${f}`,
          ...(JSON.parse(readFileSync(new URL(f, url), 'utf8')) as object),
        }) as Fixture,
    );
}

function operation(operationId: string): JsonObject {
  const found = operations(spec).find((o) => o.op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found.op;
}

/** The envelope schema of an operation's JSON answer for `status`. */
function responseSchema(operationId: string, status: number): JsonObject {
  const response = resolve(
    spec,
    (operation(operationId).responses as JsonObject)[String(status)] as JsonObject,
  );
  return ((response.content as JsonObject)['application/json'] as JsonObject).schema as JsonObject;
}

/** The schema of the envelope's `data` (the second part of every operation's `allOf`). */
function dataSchema(operationId: string): JsonObject {
  const envelope = resolve(spec, responseSchema(operationId, 200));
  const own = (envelope.allOf as JsonObject[])[1] as JsonObject;
  return (own.properties as JsonObject).data as JsonObject;
}

function errorsOf(schema: Json, value: Json): string {
  const validate = ajv.compile(anchored(schema) as object);
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n  ' });
}

/** Property names an object schema declares, through `$ref`, `allOf` and `oneOf` branches. */
function declared(schema: Json): Set<string> {
  const names = new Set<string>();
  const visit = (node: Json): void => {
    const s = resolve(spec, node as JsonObject);
    if (typeof s !== 'object' || s === null) return;
    for (const name of Object.keys((s.properties ?? {}) as JsonObject)) names.add(name);
    for (const key of ['allOf', 'oneOf'] as const) for (const part of (s[key] ?? []) as Json[]) visit(part);
  };
  visit(schema);
  return names;
}

function sign(params: JsonObject, secret: string): string {
  const text = (v: Json) => (typeof v === 'object' ? JSON.stringify(v) : String(v));
  const base = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== null)
    .sort()
    .map((k) => `${k}=${text(params[k] as Json)}`)
    .join('&');
  return createHash('md5').update(`${base}&secret=${secret}`, 'utf8').digest('hex').toUpperCase();
}

const live = load('live');
const wiki = load('wiki');
const sources = readFileSync(new URL('SOURCES.md', fixturesDir), 'utf8');

describe('live captures', () => {
  it('there are captures, and SOURCES.md names the repository, commit and file of each', () => {
    expect(live.length).toBeGreaterThanOrEqual(5);
    for (const { file } of live) {
      const cells = sources
        .split('\n')
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .find((row) => row[1] === file);
      expect(cells?.[3], file).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(cells?.[4], file).toMatch(/^[0-9a-f]{40}$/);
      expect(cells?.[5], file).toMatch(/\S/);
    }
  });

  it.each(live.map((f) => [f.file, f] as const))('%s matches the spec', (_file, fixture) => {
    const schema =
      fixture.part === 'data' ? dataSchema(fixture.operationId) : responseSchema(fixture.operationId, 200);
    expect(errorsOf(schema, fixture.body ?? null)).toBe('');
  });

  it('the check can fail: a capture with a wrong type is rejected', () => {
    const detail = live.find((f) => f.operationId === 'getProductDetail');
    const broken = { ...(detail?.body as JsonObject), productSkuInfos: 'none' };
    expect(errorsOf(dataSchema('getProductDetail'), broken)).toMatch(/productSkuInfos/);
  });
});

describe('wiki examples', () => {
  const responses = wiki.filter((f) => f.direction === 'response');
  const requests = wiki.filter((f) => f.direction === 'request');

  it.each(responses.filter((f) => !f.truncated).map((f) => [f.file, f] as const))(
    '%s (a whole answer) matches the spec',
    (_file, fixture) => {
      expect(errorsOf(responseSchema(fixture.operationId, fixture.status ?? 200), fixture.body ?? null)).toBe(
        '',
      );
    },
  );

  it.each(
    responses
      .filter((f) => f.truncated && /"data"\s*:\s*\{\s*"/.test(f.prefix ?? ''))
      .map((f) => [f.file, f] as const),
  )('%s (cut short) starts data with a field the spec declares there', (_file, fixture) => {
    const first = /"data"\s*:\s*\{\s*"(\w+)"/.exec(fixture.prefix ?? '')?.[1] ?? '';
    expect([...declared(dataSchema(fixture.operationId))]).toContain(first);
  });

  it.each(requests.map((f) => [f.file, f] as const))(
    '%s is a request the spec accepts once signed',
    (_file, fixture) => {
      const op = operation(fixture.operationId);
      const media = (resolve(spec, op.requestBody as JsonObject).content as JsonObject)[
        'application/json'
      ] as JsonObject;
      const { appKey: _k, appSecret: _s, ...business } = fixture.body as JsonObject;
      const body: JsonObject = { appKey: 'demoKey123', ...business };
      body.sign = sign(body, 'demoSecret456');
      const errors = errorsOf(media.schema as Json, body);
      if (fixture.operationId === 'confirmReceipt') {
        // The wiki writes these 19-digit ids as JSON numbers, which its own page shows rounded: refused on purpose.
        expect(errors).toMatch(/orderId must be string/);
      } else expect(errors).toBe('');
    },
  );
});
