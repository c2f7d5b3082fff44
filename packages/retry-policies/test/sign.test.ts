import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalString, signParams, signParamsPortable, signParamsUnchecked } from '../src/index.js';
import { md5Hex as md5Node } from '../src/md5-node.js';
import { md5HexPortable } from '../src/md5-portable.js';
import { signParamsUnchecked as signParamsUncheckedNode } from '../src/sign-node.js';

const SECRET = 'demoSecret456';

describe('reference §2.3 worked examples', () => {
  const keywordSearch = {
    appKey: 'demoKey123',
    keyword: '连衣裙',
    beginPage: 1,
    pageSize: 20,
    country: 'en',
  };

  it('builds the keyword-search sign string byte for byte', () => {
    expect(canonicalString(keywordSearch, SECRET)).toBe(
      'appKey=demoKey123&beginPage=1&country=en&keyword=连衣裙&pageSize=20&secret=demoSecret456',
    );
  });

  it('signs the keyword search as 27A00E566F34B4DC634D4CCD0ADC0AC4 on both MD5 paths', () => {
    expect(signParams(keywordSearch, SECRET)).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
    expect(signParamsPortable(keywordSearch, SECRET)).toBe('27A00E566F34B4DC634D4CCD0ADC0AC4');
  });

  it('signs the preparePay body as B42F7548464914C2B55E16FA5F3784CA', () => {
    const body = { appKey: 'demoKey123', orderId: '1234567890123456789' };
    expect(canonicalString(body, SECRET)).toBe(
      'appKey=demoKey123&orderId=1234567890123456789&secret=demoSecret456',
    );
    expect(signParams(body, SECRET)).toBe('B42F7548464914C2B55E16FA5F3784CA');
    expect(signParamsPortable(body, SECRET)).toBe('B42F7548464914C2B55E16FA5F3784CA');
  });

  it('signs a 19-digit id given as a bigint exactly like the same id as a string', () => {
    expect(signParams({ appKey: 'demoKey123', orderId: 1234567890123456789n }, SECRET)).toBe(
      'B42F7548464914C2B55E16FA5F3784CA',
    );
  });
});

describe('canonicalString rules', () => {
  it('leaves out sign, null and undefined but keeps an empty string as "key="', () => {
    expect(canonicalString({ b: '', a: null, c: undefined, sign: 'OLD', d: 0, e: false }, 's')).toBe(
      'b=&d=0&e=false&secret=s',
    );
  });

  it('sorts by UTF-16 code unit: upper case before "_" before lower case', () => {
    expect(canonicalString({ b: 1, a: 1, B: 1, _x: 1, A_: 1 }, 's')).toBe('A_=1&B=1&_x=1&a=1&b=1&secret=s');
  });

  it('keeps appSecret in the string when it is a parameter, as Daji does', () => {
    expect(canonicalString({ appKey: 'k', appSecret: 'raw' }, 's')).toBe('appKey=k&appSecret=raw&secret=s');
  });

  it('renders nested objects and arrays as compact JSON, bigints as exact digits', () => {
    const params = {
      logisticsSkuNumModels: [{ skuId: '5432', number: 5 }],
      address: { city: '杭州', id: 12345678901234567890n, skip: undefined },
    };
    expect(canonicalString(params, 's')).toBe(
      'address={"city":"杭州","id":12345678901234567890}&logisticsSkuNumModels=[{"skuId":"5432","number":5}]&secret=s',
    );
  });

  it('renders nested values exactly as JSON.stringify puts them on the wire, bigints as digits', () => {
    // The native path (no bigint) and the exact serializer (any bigint) must agree with the wire text.
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.bigInt(),
    );
    const nested = fc.oneof(
      fc.object({ maxDepth: 3, values: [leaf], withBoxedValues: true }),
      fc.array(fc.object({ maxDepth: 2, values: [leaf] })),
    );
    const wire = (value: unknown) =>
      JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `\u0000big${v}` : v)).replace(
        /"\\u0000big(-?\d+)"/g,
        '$1',
      );
    fc.assert(
      fc.property(nested, (value) => {
        expect(canonicalString({ v: value }, 's')).toBe(`v=${wire(value)}&secret=s`);
      }),
    );
  });

  it('calls toJSON with the property name or array index, as JSON.stringify does', () => {
    const echo = { toJSON: (key: string) => `key:${key}` };
    for (const id of [undefined, 12345678901234567890n]) {
      expect(canonicalString({ p: { id, a: echo, list: [echo] } }, 's')).toBe(
        `p={${id === undefined ? '' : '"id":12345678901234567890,'}"a":"key:a","list":["key:0"]}&secret=s`,
      );
    }
    expect(canonicalString({ at: echo }, 's')).toBe('at=key:at&secret=s');
  });

  it('sends a Date as its ISO text, as JSON.stringify would put it on the wire', () => {
    expect(canonicalString({ at: new Date(Date.UTC(2024, 0, 2)) }, 's')).toBe(
      'at=2024-01-02T00:00:00.000Z&secret=s',
    );
  });

  it('signs a boxed string, number or boolean parameter as its primitive, as JSON.stringify sends it', () => {
    const boxed = { s: Object('连衣裙'), n: Object(5), b: Object(false) } as Record<string, unknown>;
    expect(canonicalString(boxed, 's')).toBe('b=false&n=5&s=连衣裙&secret=s');
  });

  it('orders keys correctly whatever shapes were signed before, repeated or alternating', () => {
    const reference = (p: Record<string, string>, s: string) =>
      `${Object.keys(p)
        .sort()
        .map((k) => `${k}=${p[k]}&`)
        .join('')}secret=${s}`;
    const shape = fc.dictionary(
      fc.constantFrom('appKey', 'b', 'A', '_x', 'keyword', 'pageSize', 'Z9', 'cargo', 'a'),
      fc.string(),
      { maxKeys: 9 },
    );
    fc.assert(
      fc.property(fc.array(shape, { minLength: 1, maxLength: 6 }), fc.nat(), (shapes, pick) => {
        // The same shape twice in a row, then the others, then the first again.
        const sequence = [shapes[pick % shapes.length]!, ...shapes, shapes[0]!];
        for (const p of sequence) expect(canonicalString(p, 's')).toBe(reference(p, 's'));
      }),
    );
  });

  it('refuses a missing secret with an error naming appSecret', () => {
    expect(() => canonicalString({ a: 1 }, '')).toThrow(/appSecret must be a non-empty string/);
    expect(() => signParams({ a: 1 }, undefined as unknown as string)).toThrow(/appSecret/);
  });

  it('refuses params that are not a plain object, and values that cannot be sent', () => {
    expect(() => canonicalString([] as unknown as Record<string, unknown>, 's')).toThrow(
      /params must be a plain object/,
    );
    expect(() => canonicalString({ n: Number.NaN }, 's')).toThrow(/"n".*not a finite number/);
    expect(() => canonicalString({ f: () => 1 }, 's')).toThrow(/"f"/);
  });
});

/** Any code point, lone surrogates included (fast-check's 'binary' unit is much slower to generate). */
const anyCodeUnitOrPoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp)));

describe('MD5 implementations', () => {
  it('node:crypto and the pure-JS MD5 agree on any text, including astral characters and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyCodeUnitOrPoint, maxLength: 64 }), (text) => {
        expect(md5Node(text)).toBe(md5HexPortable(text));
      }),
    );
  });

  it('agree on every length around the 64-byte block and padding boundaries, and on long text', () => {
    for (let length = 0; length <= 200; length++) {
      const text = 'a1€'.repeat(length).slice(0, length);
      expect(md5HexPortable(text), `length ${length}`).toBe(md5Node(text));
    }
    const long = 'appKey=demoKey123&cargoParamList=[{"offerId":670291644950}]&'.repeat(20_000);
    expect(md5HexPortable(long)).toBe(md5Node(long));
  });

  it('match the RFC 1321 test suite', () => {
    expect(md5HexPortable('')).toBe('D41D8CD98F00B204E9800998ECF8427E');
    expect(md5HexPortable('abc')).toBe('900150983CD24FB0D6963F7D28E17F72');
    expect(md5HexPortable('message digest')).toBe('F96B697D7CB7938D525A2F31AAF161D0');
    expect(
      md5HexPortable('12345678901234567890123456789012345678901234567890123456789012345678901234567890'),
    ).toBe('57EDF4A22BE3C955AC49DA2E2107B67A');
  });
});

describe('signing properties', () => {
  const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== 'sign' && k !== '__proto__');
  const value = fc.oneof(fc.string(), fc.integer(), fc.boolean());
  const params = fc.dictionary(key, value, { minKeys: 1, maxKeys: 8 });
  const secret = fc.string({ minLength: 1, maxLength: 20 });

  it('never depends on the order the keys were given in', () => {
    fc.assert(
      fc.property(params, secret, fc.integer(), (p, s, seed) => {
        const entries = Object.entries(p);
        const shuffled = entries
          .map((e, i) => [e, (i * 7919 + seed) % 104729] as const)
          .sort((a, b) => a[1] - b[1])
          .map(([e]) => e);
        expect(signParams(Object.fromEntries(shuffled), s)).toBe(signParams(p, s));
      }),
    );
  });

  it('changes when any value changes', () => {
    fc.assert(
      fc.property(params, secret, fc.nat(), fc.string(), (p, s, pick, replacement) => {
        const keys = Object.keys(p);
        const k = keys[pick % keys.length]!;
        fc.pre(String(p[k]) !== replacement);
        expect(signParams({ ...p, [k]: replacement }, s)).not.toBe(signParams(p, s));
      }),
    );
  });

  it('changes when a key is renamed', () => {
    fc.assert(
      fc.property(params, secret, fc.nat(), key, (p, s, pick, renamed) => {
        const keys = Object.keys(p);
        const k = keys[pick % keys.length]!;
        fc.pre(!(renamed in p));
        const { [k]: moved, ...rest } = p;
        expect(signParams({ ...rest, [renamed]: moved }, s)).not.toBe(signParams(p, s));
      }),
    );
  });

  it('signs as signParams without the argument checks, in the default and the Node build', () => {
    const nested = fc.dictionary(key, fc.oneof(value, fc.array(value), fc.dictionary(key, value)), {
      maxKeys: 8,
    });
    fc.assert(
      fc.property(nested, secret, (p, s) => {
        expect(signParamsUnchecked(p, s)).toBe(signParams(p, s));
        expect(signParamsUncheckedNode(p, s)).toBe(signParams(p, s));
      }),
    );
    // Values are still checked as they are written; the secret and the shape of params are the caller's.
    expect(() => signParamsUnchecked({ n: Number.NaN }, 's')).toThrow(/"n".*not a finite number/);
  });

  it('hashes unicode as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), secret, (text, s) => {
        const expected = createHash('md5')
          .update(Buffer.from(`q=${text}&secret=${s}`, 'utf8'))
          .digest('hex')
          .toUpperCase();
        expect(signParams({ q: text }, s)).toBe(expected);
        expect(signParamsPortable({ q: text }, s)).toBe(expected);
      }),
    );
  });
});
