import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLosslessJson, quoteUnsafeIntegers } from '../../src/index.js';
import { createObservedClient, envelope, json } from '../helpers/observed-client.js';

/** Deep equality where a digit string on our side may stand for the (rounded) number JSON.parse gave. */
function same(ours: unknown, native: unknown): boolean {
  if (typeof native === 'number' && typeof ours === 'string') {
    return /^-?[1-9]\d{15,}$/.test(ours) && Number(ours) === native && !Number.isSafeInteger(Number(ours));
  }
  if (Array.isArray(native)) {
    return Array.isArray(ours) && ours.length === native.length && native.every((v, i) => same(ours[i], v));
  }
  if (native && typeof native === 'object') {
    if (!ours || typeof ours !== 'object' || Array.isArray(ours)) return false;
    const keys = Object.keys(native);
    return (
      keys.length === Object.keys(ours).length &&
      keys.every((k) => same((ours as Record<string, unknown>)[k], (native as Record<string, unknown>)[k]))
    );
  }
  return Object.is(ours, native);
}

describe('lossless JSON', () => {
  it('turns integers beyond 2^53 into exact strings', () => {
    expect(
      parseLosslessJson('{"orderId":2237938826932135493,"ids":[-9007199254740993,9007199254740993]}'),
    ).toEqual({
      orderId: '2237938826932135493',
      ids: ['-9007199254740993', '9007199254740993'],
    });
  });

  it('leaves safe integers, floats and exponents as numbers', () => {
    expect(
      parseLosslessJson(
        '{"a":9007199254740991,"b":-9007199254740991,"c":670291644950,"d":0.12345678901234567,"e":1.5e300,"f":12345678901234567e2}',
      ),
    ).toEqual({
      a: 9007199254740991,
      b: -9007199254740991,
      c: 670291644950,
      d: Number('0.12345678901234567'),
      e: 1.5e300,
      f: Number('12345678901234567e2'),
    });
  });

  it('never touches digits inside strings, escaped quotes included', () => {
    const text =
      '{"url":"https://x/O1CN01_!!22155312270701234567-0.jpg","q":"say \\"2237938826932135493\\"","n":2237938826932135493}';
    expect(parseLosslessJson(text)).toEqual({
      url: 'https://x/O1CN01_!!22155312270701234567-0.jpg',
      q: 'say "2237938826932135493"',
      n: '2237938826932135493',
    });
  });

  it('handles whitespace, arrays, a bare top-level number and JSON text embedded in a string', () => {
    expect(parseLosslessJson('{ "id" :\n 2237938826932135493 ,"list":[ 2237938826932135493 ]}')).toEqual({
      id: '2237938826932135493',
      list: ['2237938826932135493'],
    });
    expect(parseLosslessJson('2237938826932135493')).toBe('2237938826932135493');
    const embedded = JSON.stringify({ raw: '{"orderId":2237938826932135493}', n: 1 });
    expect(parseLosslessJson(embedded)).toEqual({ raw: '{"orderId":2237938826932135493}', n: 1 });
  });

  it('gets a string holding id-like JSON right next to a real id (the first, string-blind rewrite cannot parse)', () => {
    const text = '{"raw":"[2237938826932135493, -2237938826932135493]","id":2237938826932135494}';
    expect(parseLosslessJson(text)).toEqual({
      raw: '[2237938826932135493, -2237938826932135493]',
      id: '2237938826932135494',
    });
    expect(() => parseLosslessJson('{"raw":"[2237938826932135493]","id":2237938826932135494')).toThrow(
      SyntaxError,
    );
  });

  it('quoteUnsafeIntegers stays exact when handed to map (whose index arrives as a second argument)', () => {
    const texts = [
      '{"n":2237938826932135493}',
      '{"raw":"[2237938826932135493]"}',
      '{"raw":"[2237938826932135493]"}',
    ];
    expect(texts.map(quoteUnsafeIntegers)).toEqual([
      '{"n":"2237938826932135493"}',
      '{"raw":"[2237938826932135493]"}',
      '{"raw":"[2237938826932135493]"}',
    ]);
  });

  it('returns the very same text when there is nothing to quote', () => {
    const text = '{"price":"12.50","skuId":5080000000000}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });

  it('agrees with JSON.parse on any JSON, except that unsafe integers come back as their exact digits', () => {
    // Text from JSON.stringify writes each number as String(n), so those are the digits to expect.
    const unsafeAsText = (value: unknown): unknown => {
      if (typeof value === 'number') {
        return Number.isInteger(value) && !Number.isSafeInteger(value) && !/e/i.test(String(value))
          ? String(value)
          : value;
      }
      if (Array.isArray(value)) return value.map(unsafeAsText);
      if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsafeAsText(v)]));
      }
      return value;
    };
    const expected = (text: string) => unsafeAsText(JSON.parse(text));
    fc.assert(
      fc.property(fc.jsonValue(), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }), (value, big) => {
        const text = JSON.stringify(value);
        expect(parseLosslessJson(text)).toEqual(expected(text));
        const withId = `{"value":${text},"orderId":${big},"neg":-${big}}`;
        expect(parseLosslessJson(withId)).toEqual({
          value: expected(text),
          orderId: String(big),
          neg: `-${big}`,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('rejects what JSON.parse rejects: a leading zero, a number as a key, a bare word after an id', () => {
    for (const text of [
      '01000000000000000',
      '[01000000000000000]',
      '-01000000000000000',
      '{12345678901234567890:1}',
      '{"a":1,12345678901234567890}',
      '[12345678901234567890 x]',
      '[12345678901234567890',
      '["a",12345678901234567890,]',
      '[+12345678901234567890]',
      '[--12345678901234567890]',
    ]) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(() => parseLosslessJson(text), text).toThrow(SyntaxError);
    }
  });

  it('agrees with JSON.parse on accepting or rejecting mutated documents', () => {
    // Edits drawn from JSON's own punctuation and digits, so most mutants are near-valid.
    const alphabet = [
      '"',
      '\\',
      '0',
      '1',
      '9',
      '-',
      '+',
      '.',
      'e',
      ',',
      ':',
      '[',
      ']',
      '{',
      '}',
      ' ',
      'x',
      '12345678901234567890',
    ];
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc.array(fc.constantFrom(...alphabet), { maxLength: 3 }),
    });
    const document = fc
      .tuple(
        fc.jsonValue({ maxDepth: 3 }),
        fc.array(fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }), { maxLength: 3 }),
      )
      .map(([value, ids]) => `{"v":${JSON.stringify(value)},"ids":[${ids.join(',')}],"id":${ids[0] ?? 1}}`);
    fc.assert(
      fc.property(document, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        let mutant = text;
        for (const { at, remove, insert } of edits) {
          const i = at % (mutant.length + 1);
          mutant = mutant.slice(0, i) + insert.join('') + mutant.slice(i + remove);
        }
        let native: unknown;
        let nativeFailed = false;
        try {
          native = JSON.parse(mutant);
        } catch {
          nativeFailed = true;
        }
        if (nativeFailed) {
          expect(() => parseLosslessJson(mutant), mutant).toThrow(SyntaxError);
        } else {
          // Accepted by both; equal, except that an unsafe integer is its exact digits.
          expect(same(parseLosslessJson(mutant), native), mutant).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('stays linear on a digit run of millions of characters (no regex backtracking)', () => {
    const long = `${'1'.repeat(2_000_000)}`;
    expect(parseLosslessJson(`[${long}]`)).toEqual([long]);
    expect(parseLosslessJson(`[${long}.5]`)).toEqual([Number(`${long}.5`)]);
  });

  it('a 19-digit order id survives a round trip through the client', async () => {
    const id = '2237938826932135493';
    const { client, requests } = createObservedClient({}, async (request) => {
      const sent = (await request.json()) as { orderId: string };
      // Daji sends ids back as bare JSON numbers.
      return json(
        `{"code":200,"message":"操作成功","data":{"baseInfo":{"id":${sent.orderId},"idOfStr":"${sent.orderId}"}},"timestamp":1,"traceId":"t"}`,
      );
    });
    const { data } = await client.POST('/alibaba/trade/get/buyerView', {
      body: { orderId: id, webSite: '1688' },
    });
    expect(JSON.parse(await requests[0]!.text()).orderId).toBe(id);
    const baseInfo = data?.data?.baseInfo as { id: unknown; idOfStr?: string | null } | null | undefined;
    expect(baseInfo?.id).toBe(id);
    expect(baseInfo?.idOfStr).toBe(id);
    // Plain JSON.parse would have handed the caller a different order id.
    expect(String(JSON.parse(id))).not.toBe(id);
  });

  it('keeps the envelope numbers numeric', async () => {
    const { client } = createObservedClient({}, () => json(envelope({ offerId: 670291644950 })));
    const { data } = await client.GET('/alibaba/product/queryProductDetail', {
      params: { query: { offerId: 670291644950, country: 'en' } },
    });
    expect(data?.code).toBe(200);
    expect(data?.data?.offerId).toBe(670291644950);
  });
});
