// Every operation's request example is a complete request, signed correctly for that very request with the
// worked-example credentials — so a reader, the docs, Postman or the signed mock can send it as it stands.
// The signatures are recomputed with the SDK's own signParams (@daji-openapi/retry-policies).
import { type SignParams, signParams } from '@daji-openapi/retry-policies';
import { describe, expect, it } from 'vitest';
import {
  type Json,
  type JsonObject,
  loadBundle,
  type Operation,
  operations,
  resolve,
} from './support/spec.js';

const APP_KEY = 'demoKey123';
const APP_SECRET = 'demoSecret456';
const CREDENTIALS = new Set(['sign', 'appSecret']);

const spec = loadBundle();
const paths = operations(spec).filter((o) => o.kind === 'path');

interface RequestExample {
  where: string;
  /** Every signed parameter of the request, `sign` included. */
  params: JsonObject;
}

/** The one value a parameter's example gives: `example`, else the first of `examples`. */
function exampleOf(param: JsonObject): Json | undefined {
  if ('example' in param) return param.example;
  const first = Object.values((param.examples ?? {}) as JsonObject)[0];
  return first === undefined ? undefined : ((resolve(spec, first) as JsonObject).value as Json);
}

/**
 * The request examples of an operation. An operation without a body sends its parameters' examples (the
 * debug-only `appSecret` left out), which is what the docs show and the Postman collection fills in; an
 * operation with a body sends each example of each body media type.
 */
function requestExamples({ where, op }: Operation): RequestExample[] {
  const body = op.requestBody ? resolve(spec, op.requestBody as JsonObject) : undefined;
  if (body) {
    return Object.entries((body.content ?? {}) as JsonObject).flatMap(([type, media]) => {
      const m = media as JsonObject;
      const named = Object.entries((m.examples ?? {}) as JsonObject).map(([name, ex]) => ({
        where: `${where} ${type} examples.${name}`,
        params: (resolve(spec, ex as JsonObject) as JsonObject).value as JsonObject,
      }));
      return 'example' in m
        ? [{ where: `${where} ${type} example`, params: m.example as JsonObject }, ...named]
        : named;
    });
  }
  const params: JsonObject = {};
  for (const raw of (op.parameters ?? []) as JsonObject[]) {
    const param = resolve(spec, raw);
    const value = exampleOf(param);
    if (param.name === 'appSecret' || value === undefined) continue;
    params[param.name as string] = value;
  }
  return [{ where: `${where} parameters`, params }];
}

/** The signature a request needs: signParams over everything but the credentials themselves. */
function expectedSign(params: JsonObject): string {
  const signed = Object.fromEntries(Object.entries(params).filter(([name]) => !CREDENTIALS.has(name)));
  return signParams(signed as SignParams, APP_SECRET);
}

const all = paths.flatMap((o) => requestExamples(o).map((example) => ({ ...example, operation: o })));

describe('request examples', () => {
  it('the SDK signer reproduces the signing guide worked examples', () => {
    expect(
      signParams(
        { appKey: APP_KEY, keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' },
        APP_SECRET,
      ),
    ).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
    expect(signParams({ appKey: APP_KEY, orderId: '1234567890123456789' }, APP_SECRET)).toBe(
      'B42F7548464914C2B55E16FA5F3784CA',
    );
  });

  it('every operation has at least one request example', () => {
    const without = paths.filter((o) => requestExamples(o).length === 0).map((o) => o.op.operationId);
    expect(without).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(paths.length);
  });

  it.each(all.map((e) => [e.where, e] as const))(
    '%s is complete: every required parameter has a value',
    (_w, e) => {
      const { op } = e.operation;
      const missing = ((op.parameters ?? []) as JsonObject[])
        .map((raw) => resolve(spec, raw))
        .filter((p) => p.required === true && !((p.name as string) in e.params))
        .map((p) => p.name);
      expect(missing).toEqual([]);
      expect(e.params.appKey, 'appKey').toBe(APP_KEY);
      expect(e.params, 'the debug-only appSecret').not.toHaveProperty('appSecret');
    },
  );

  it.each(all.map((e) => [e.where, e] as const))(
    '%s carries its own signature (appKey demoKey123, appSecret demoSecret456)',
    (_w, e) => {
      expect(e.params.sign).toBe(expectedSign(e.params));
    },
  );

  it('no two operations share a signature example: each signs its own request', () => {
    const byOperation = new Map<string, Set<string>>();
    for (const e of all) {
      const id = e.operation.op.operationId as string;
      byOperation.set(id, (byOperation.get(id) ?? new Set()).add(String(e.params.sign)));
    }
    const seen = new Map<string, string>();
    for (const [id, signs] of byOperation) {
      for (const s of signs) {
        expect(seen.get(s), `${id} reuses the sign of ${seen.get(s)}`).toBeUndefined();
        seen.set(s, id);
      }
    }
    expect(byOperation.size).toBe(paths.length);
  });

  it('a changed parameter or a wrong secret no longer matches (the check can fail)', () => {
    const keyword = all.find((e) => e.operation.op.operationId === 'keywordSearch');
    expect(keyword).toBeDefined();
    const params = keyword?.params ?? {};
    expect(expectedSign({ ...params, beginPage: 2 })).not.toBe(params.sign);
    const { sign: _sign, ...unsigned } = params;
    expect(signParams(unsigned as SignParams, 'otherSecret')).not.toBe(params.sign);
  });
});
