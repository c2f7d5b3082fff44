import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, loadBundle, operations, resolve } from './support/spec.js';

// Daji's rule, restated from its signing page: every parameter but `sign`, nulls dropped, keys sorted,
// `key=value` joined by `&`, then `&secret=…`, MD5 over UTF-8, upper-case hex. Nested values sign as compact JSON.
function sign(params: JsonObject, secret: string): string {
  const text = (v: Json) => (typeof v === 'object' ? JSON.stringify(v) : String(v));
  const base = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== null)
    .sort()
    .map((k) => `${k}=${text(params[k] as Json)}`)
    .join('&');
  return createHash('md5').update(`${base}&secret=${secret}`, 'utf8').digest('hex').toUpperCase();
}

const spec = loadBundle();

describe('signed examples', () => {
  it('reproduce the reference worked examples', () => {
    expect(
      sign(
        { appKey: 'demoKey123', keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' },
        'demoSecret456',
      ),
    ).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
    expect(sign({ appKey: 'demoKey123', orderId: '1234567890123456789' }, 'demoSecret456')).toBe(
      'B42F7548464914C2B55E16FA5F3784CA',
    );
  });

  it('the shared sign parameter example is the keyword-search signature', () => {
    const signParam = resolve(spec, { $ref: '#/components/parameters/Sign' } as JsonObject);
    expect(signParam.example).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
  });

  it('every request body example carries the signature for appKey demoKey123 and secret demoSecret456', () => {
    const checked: string[] = [];
    for (const { where, kind, op } of operations(spec)) {
      if (kind !== 'path' || !op.requestBody) continue;
      for (const media of Object.values(
        (resolve(spec, op.requestBody as JsonObject).content ?? {}) as JsonObject,
      )) {
        for (const [name, ex] of Object.entries(((media as JsonObject).examples ?? {}) as JsonObject)) {
          const value = resolve(spec, ex as JsonObject).value as JsonObject;
          expect(value.appKey, where).toBe('demoKey123');
          expect(value.sign, `${where} ${name}`).toBe(sign(value, 'demoSecret456'));
          checked.push(where);
        }
      }
    }
    expect(checked).toHaveLength(10);
  });
});
