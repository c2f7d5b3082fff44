import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalString, joinCanonical, type SignPair, type SignParams } from '../src/canonical.js';
import { CAPACITY, canonicalBytes, canonicalPairBytes } from '../src/canonical-bytes.js';
import { md5OfPrefix } from '../src/md5-blocks.js';
import { signPairs as signPairsPortable } from '../src/sign.js';
import { signPairs, signParams } from '../src/sign-node.js';

// The Node build signs without building the sign string (sign-node.ts). Every test here holds it to the
// plain definition: MD5 of canonicalString's UTF-8, on node:crypto.

const SECRET = 'demoSecret456';

/** What signParams must return, or the error it must throw: the definition, step by step. */
function reference(params: SignParams, secret: string): string {
  return createHash('md5').update(canonicalString(params, secret), 'utf8').digest('hex').toUpperCase();
}

function outcome(sign: () => string): { sign: string } | { error: string } {
  try {
    return { sign: sign() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function expectSameAsReference(params: SignParams, secret = SECRET): void {
  expect(outcome(() => signParams(params, secret))).toEqual(outcome(() => reference(params, secret)));
}

/** The spec's createOrder `wikiExample` without its sign: a Chinese address and a cargo line. */
const wikiOrder = {
  appKey: 'demoKey123',
  thirdOrderId: 'T20240708002',
  flow: 'general',
  message: '备注信息测试',
  isvBizType: 'cross',
  addressParam: {
    provinceText: '浙江省',
    cityText: '杭州市',
    areaText: '滨江区',
    townText: '长河镇',
    address: '网商路699号',
    postCode: '000000',
    fullName: '张三',
    mobile: '18888888888',
    phone: '18888888888',
    districtCode: '310107',
  },
  cargoParamList: [{ offerId: 623686863670, specId: '53a1eff0fa008b2b9f32a120b0a050f2', quantity: 5 }],
};

/** Any code unit or code point: lone surrogates, control characters, quotes and backslashes included. */
const anyChar = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((cu) => String.fromCharCode(cu)),
  fc.constantFrom('"', '\\', '\b', '\t', '\n', '\f', '\r', '\u0000', '\u001f', '\u007f', '\u2028', '/'),
);
const anyText = fc.string({ unit: anyChar, maxLength: 24 });

describe('Node signParams (signs without building the sign string)', () => {
  it('signs the known vectors: keyword search, preparePay, the wiki createOrder example', () => {
    const search = { appKey: 'demoKey123', keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' };
    expect(signParams(search, SECRET)).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
    expect(signParams({ appKey: 'demoKey123', orderId: '1234567890123456789' }, SECRET)).toBe(
      'B42F7548464914C2B55E16FA5F3784CA',
    );
    expect(signParams({ appKey: 'demoKey123', orderId: 1234567890123456789n }, SECRET)).toBe(
      'B42F7548464914C2B55E16FA5F3784CA',
    );
    // The sign the spec's example carries beside this body.
    expect(signParams(wikiOrder, SECRET)).toBe('5682C84D16DF192F34AD7D3AD39409ED');
  });

  it('agrees with MD5 of canonicalString on any parameters: nested data, unicode, escapes, bigints', () => {
    const value = fc.oneof(
      anyText,
      fc.double(),
      fc.integer(),
      fc.bigInt(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.anything({
        key: anyText,
        values: [anyText, fc.double(), fc.bigInt(), fc.boolean(), fc.constant(null), fc.constant(undefined)],
        maxDepth: 3,
        withNullPrototype: true,
        withSparseArray: true,
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(anyText, value, { maxKeys: 8 }), anyText, (params, secret) => {
        expectSameAsReference(params, secret);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees on values JSON.stringify treats specially: toJSON, Dates, boxed values, Maps, class instances', () => {
    class Money {
      constructor(readonly cents: number) {}
    }
    const echo = { toJSON: (key: string) => `key:${key}` };
    const special: SignParams[] = [
      { at: new Date(Date.UTC(2024, 0, 2)), nested: { at: new Date(0) } },
      { p: { a: echo, list: [echo, 1n] }, q: echo },
      { s: Object('连衣裙'), n: Object(5), b: Object(false), deep: { s: Object('x'), n: [Object(1n)] } },
      { m: new Map([[1, 2]]), set: new Set([1]), money: new Money(5), list: [new Money(1)] },
      { f: { fn: () => 1, sym: Symbol('s'), u: undefined, list: [() => 1, Symbol('t'), undefined] } },
      { n: { nan: Number.NaN, inf: -Infinity, negZero: -0, big: 1e21, small: 1e-7 } },
      { nullProto: Object.assign(Object.create(null), { b: 1, a: '二' }) },
      { sparse: Object.assign([1], { 2: 3 }), indexKeys: { 2: 'b', 1: 'a', x: 'c' } },
      { typed: new Uint8Array([1, 2]), err: new Error('e') },
      { big: { n: 1n, toJSON: undefined, none: { toJSON: () => undefined } }, ok: 'x' },
    ];
    for (const params of special) expectSameAsReference(params);
  });

  it('throws exactly what canonicalString throws for input it refuses', () => {
    const refused: unknown[] = [
      [{ a: 1 }, ''],
      [{ a: 1 }, undefined],
      [[], SECRET],
      [null, SECRET],
      [{ n: Number.NaN }, SECRET],
      [{ n: Infinity }, SECRET],
      [{ f: () => 1 }, SECRET],
      [{ s: Symbol('s') }, SECRET],
    ];
    for (const [params, secret] of refused as [SignParams, string][]) {
      const expected = outcome(() => reference(params, secret));
      expect(outcome(() => signParams(params, secret))).toEqual(expected);
    }
    expect(() => signParams({ a: 1 }, '')).toThrow(/appSecret must be a non-empty string/);
  });

  it('gives a cyclic or very deeply nested value the general path, with its result or its error', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expectSameAsReference({ cyclic });
    let deep: unknown = '底';
    for (let i = 0; i < 200; i++) deep = i % 2 ? { d: deep } : [deep];
    expectSameAsReference({ deep });
  });

  it('ignores what was made enumerable on Object.prototype, as JSON.stringify does', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.injected = 'x';
    try {
      expectSameAsReference({ a: { b: 1, c: { d: '二' } } });
      expect(signParams(wikiOrder, SECRET)).toBe('5682C84D16DF192F34AD7D3AD39409ED');
    } finally {
      delete proto.injected;
    }
  });

  it('signs correctly when a getter signs another request while the first is being written', () => {
    const inner = { appKey: 'k', q: '连衣裙' };
    let innerSign = '';
    const outer = {
      appKey: 'k',
      nested: {
        get value() {
          innerSign = signParams(inner, SECRET);
          return '值';
        },
      },
    };
    expect(signParams(outer, SECRET)).toBe(reference({ appKey: 'k', nested: { value: '值' } }, SECRET));
    expect(innerSign).toBe(reference(inner, SECRET));
  });

  it('writes a sign string that fits the fixed buffer (with MD5 padding) and gives a longer one the general path, at every length around the limit', () => {
    const utf8Length = (text: string) => new TextEncoder().encode(text).length;
    // Short strings, so that what each writer reserves ahead stays below what MD5's padding needs: the
    // padding is then what decides, to the byte.
    const filler = Math.floor((CAPACITY - 122) / 11);
    const seen = { written: 0, general: 0 };
    for (const tail of ['', '€', '裙', '\ud83d\ude00']) {
      for (let head = 0; head <= 40; head++) {
        const params = {
          list: ['y'.repeat(head) + tail, ...Array.from({ length: filler }, () => 'xxxxxxxx')],
        };
        const length = utf8Length(canonicalString(params, SECRET));
        expect(canonicalBytes(params, SECRET), `${length} bytes`).toBe(length + 72 <= CAPACITY ? length : -1);
        seen[length + 72 <= CAPACITY ? 'written' : 'general']++;
        expectSameAsReference(params);
        const pairs: SignPair[] = [
          ['k', 'y'.repeat(head) + tail],
          ...Array.from({ length: filler }, (): SignPair => ['k', 'xxxxxxxx']),
        ];
        const pairsLength = utf8Length(joinCanonical(pairs, SECRET));
        expect(canonicalPairBytes(pairs, SECRET)).toBe(pairsLength + 72 <= CAPACITY ? pairsLength : -1);
        seen[pairsLength + 72 <= CAPACITY ? 'written' : 'general']++;
        expect(signPairs(pairs, SECRET)).toBe(
          createHash('md5').update(joinCanonical(pairs, SECRET), 'utf8').digest('hex').toUpperCase(),
        );
      }
    }
    expect(seen.written).toBeGreaterThan(40);
    expect(seen.general).toBeGreaterThan(40);
    // One long string: its writer reserves three bytes per character, so it leaves earlier.
    for (const length of [CAPACITY / 3 - 40, CAPACITY / 3, CAPACITY - 100, CAPACITY]) {
      expectSameAsReference({ q: '连'.repeat(length / 2) + 'a'.repeat(length / 2) });
    }
    expect(signParams(wikiOrder, SECRET)).toBe('5682C84D16DF192F34AD7D3AD39409ED');
  });

  it('signs long bodies (past the buffer) and then short ones again', () => {
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ offerId: 600000000000 + i, specId: `规格-${i}`, quantity: i }));
    for (const n of [10, 40, 2000, 1]) {
      expectSameAsReference({ ...wikiOrder, cargoParamList: lines(n) });
      expect(signParams(wikiOrder, SECRET)).toBe('5682C84D16DF192F34AD7D3AD39409ED');
    }
  });

  it('agrees on every text length around the 64-byte block and padding boundaries', () => {
    for (let length = 0; length <= 260; length++) {
      const text = 'a1€'.repeat(length).slice(0, length);
      expectSameAsReference({ q: text });
      expectSameAsReference({ q: { text } });
    }
  });

  it('signs the same once String has been subclassed (which slows String.prototype lookups in V8)', () => {
    class Tagged extends String {}
    expect(String(new Tagged('x'))).toBe('x');
    expect(signParams(wikiOrder, SECRET)).toBe('5682C84D16DF192F34AD7D3AD39409ED');
    expectSameAsReference({ q: '连衣裙\u0000"\\\ud800', nested: { k: ['\ud83d\ude00'] } });
  });

  it('keeps only the written form of names between calls: any sequence of requests over shared names agrees', () => {
    // A small pool, so that calls repeat names at the same and at other positions, at the top level and
    // nested, with other values each time.
    const name = fc.constantFrom(
      'appKey',
      'a',
      'b',
      'fullName',
      'x"y',
      'z\\',
      'é',
      '地址',
      '\ud800',
      'sign',
      '',
    );
    const leaf = fc.oneof(anyText, fc.integer(), fc.constant(undefined), fc.constant(null));
    const nested = fc.dictionary(name, fc.oneof(leaf, fc.dictionary(name, leaf, { maxKeys: 4 })), {
      maxKeys: 5,
    });
    const request = fc.dictionary(name, fc.oneof(leaf, nested, fc.array(nested, { maxLength: 2 })), {
      maxKeys: 6,
    });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 8 }), (requests) => {
        for (const params of requests) expectSameAsReference(params);
      }),
      { numRuns: 300 },
    );
  });

  it('signs the same name at the same position with another value, and the same value under another name', () => {
    for (const flow of ['general', 'fenxiao', '一般', '']) {
      expectSameAsReference({
        ...wikiOrder,
        flow,
        addressParam: { ...wikiOrder.addressParam, fullName: flow },
      });
    }
    expectSameAsReference({ a: { a: 'a' } });
    expectSameAsReference({ a: 'a' });
    expectSameAsReference({ b: { a: 'a' } });
    expectSameAsReference({ a: { b: 'a' } });
    // The same names listed in another order sort the same way; other names at the same places do not.
    expectSameAsReference({ b: 1, a: 2, c: 3 });
    expectSameAsReference({ a: 1, b: 2, c: 3 });
    expectSameAsReference({ b: 1, a: 2, d: 3 });
    expect(signParams(wikiOrder, SECRET)).toBe('5682C84D16DF192F34AD7D3AD39409ED');
  });

  it('signs requests that alternate between shapes, and names past the table it keeps', () => {
    const search = { appKey: 'demoKey123', keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' };
    for (let i = 0; i < 20; i++) {
      expect(signParams(wikiOrder, SECRET)).toBe('5682C84D16DF192F34AD7D3AD39409ED');
      expect(signParams(search, SECRET)).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
      expectSameAsReference({ [`p${i}`]: i, nested: { [`sku-${i}`]: { [`k${i}`]: i } } });
    }
    // Hundreds of distinct names, some longer than any kept name, then the usual requests again.
    for (let i = 0; i < 400; i++) {
      expectSameAsReference({ [`name${i}`]: i, [`${'長'.repeat(i % 40)}${i}`]: { [`inner${i}`]: '值' } });
    }
    expect(signParams(wikiOrder, SECRET)).toBe('5682C84D16DF192F34AD7D3AD39409ED');
    expect(signParams(search, SECRET)).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
  });

  it('leaves out nested members JSON leaves out, with their names and separators', () => {
    const sym = Symbol('s');
    expectSameAsReference({ n: { a: undefined, b: 1, c: () => 1, d: '二', e: sym } });
    expectSameAsReference({
      n: { a: undefined, c: () => 1 },
      m: [undefined, () => 1, sym, { u: undefined }],
    });
    expectSameAsReference({ n: { a: undefined, b: 1, c: () => 1, d: '二', e: sym } });
  });

  it('ends on a three-byte character in a value, a name and the secret (the store writes one byte past it)', () => {
    expectSameAsReference({ q: '连衣裙' }, '密钥');
    expectSameAsReference({ 连衣裙: { 裙: '裙' } }, 'k裙');
    expectSameAsReference({ q: '\ud800' }, '\udfff');
  });

  it('sorts keys by UTF-16 code unit, whatever order they were given in', () => {
    const key = fc.string({ unit: anyChar, minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 12 }), (keys) => {
        const params = Object.fromEntries(keys.map((k, i) => [k, i]));
        expectSameAsReference(params);
      }),
    );
  });
});

describe("Node signPairs (a query's pairs, signed without building the sign string)", () => {
  /** MD5 of joinCanonical's UTF-8 on node:crypto, or the error joinCanonical throws. */
  function pairsOutcome(sign: () => string) {
    return outcome(sign);
  }
  function expectPairsLikeReference(pairs: readonly SignPair[], secret = SECRET): void {
    const expected = pairsOutcome(() =>
      createHash('md5').update(joinCanonical(pairs, secret), 'utf8').digest('hex').toUpperCase(),
    );
    expect(pairsOutcome(() => signPairs(pairs, secret))).toEqual(expected);
    expect(pairsOutcome(() => signPairsPortable(pairs, secret))).toEqual(expected);
  }

  it('signs the keyword search as signParams signs the same parameters', () => {
    const pairs: SignPair[] = [
      ['keyword', '连衣裙'],
      ['beginPage', '1'],
      ['pageSize', '20'],
      ['country', 'en'],
      ['appKey', 'demoKey123'],
    ];
    expect(signPairs(pairs, SECRET)).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
    expect(signPairs(pairs, SECRET)).toBe(signParams(Object.fromEntries(pairs), SECRET));
  });

  it('agrees with MD5 of joinCanonical on any pairs: repeated names in their order, unicode, any secret', () => {
    const name = fc.oneof(fc.constantFrom('a', 'b', 'appKey', 'sign', '品', ''), anyText);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, anyText), { maxLength: 10 }), anyText, (pairs, secret) => {
        expectPairsLikeReference(pairs, secret);
      }),
      { numRuns: 500 },
    );
  });

  it('gives what is not an array of text pairs to joinCanonical, with its text or its error', () => {
    const ownIterator = [['a', '1']];
    Object.defineProperty(ownIterator, Symbol.iterator, {
      value: function* () {
        yield ['z', '1'];
      },
    });
    class Pairs extends Array<SignPair> {}
    Object.defineProperty(Pairs.prototype, Symbol.iterator, {
      value: function* () {
        yield ['y', '2'];
      },
    });
    const pairWithIterator = ['a', '1'];
    Object.defineProperty(pairWithIterator, Symbol.iterator, {
      value: function* () {
        yield 'b';
        yield '2';
      },
    });
    const odd: unknown[] = [
      [['n', 5]],
      [['n', null]],
      [['n', '1', 'extra']],
      [{ 0: 'n', 1: 'v' }],
      [['a', '1'], undefined],
      ownIterator,
      Pairs.from([['a', '1'] as SignPair]),
      [pairWithIterator],
      'a=1',
    ];
    for (const pairs of odd) expectPairsLikeReference(pairs as SignPair[]);
    expectPairsLikeReference([['a', '1']], '');
    expectPairsLikeReference([['a', '1']], 5 as unknown as string);
  });
});

describe('md5OfPrefix (the written-out MD5)', () => {
  it('matches node:crypto on every length from 0 to 300 bytes, and on 100 kB', () => {
    const bytes = new Uint8Array(110_000);
    const words = new Int32Array(bytes.buffer);
    for (const length of [...Array.from({ length: 301 }, (_, i) => i), 100_000]) {
      for (let i = 0; i < length; i++) bytes[i] = (i * 151 + length) & 255;
      const expected = createHash('md5').update(bytes.subarray(0, length)).digest('hex').toUpperCase();
      expect(md5OfPrefix(bytes, words, length), `length ${length}`).toBe(expected);
    }
  });

  it('matches the RFC 1321 test suite', () => {
    const hash = (text: string) => {
      const bytes = new Uint8Array(256);
      const length = new TextEncoder().encodeInto(text, bytes).written;
      return md5OfPrefix(bytes, new Int32Array(bytes.buffer), length);
    };
    expect(hash('')).toBe('D41D8CD98F00B204E9800998ECF8427E');
    expect(hash('abc')).toBe('900150983CD24FB0D6963F7D28E17F72');
    expect(hash('message digest')).toBe('F96B697D7CB7938D525A2F31AAF161D0');
    expect(hash('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57EDF4A22BE3C955AC49DA2E2107B67A',
    );
  });
});
