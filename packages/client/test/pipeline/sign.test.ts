import { createHash } from 'node:crypto';
import { joinCanonical, requestSignature, type SignPair, signParams } from '@daji-openapi/retry-policies';
import { describe, expect, it } from 'vitest';
import { createSigner } from '../../src/pipeline/sign.js';

const KEY = 'demoKey123';
const SECRET = 'demoSecret456';
const signer = createSigner(KEY, SECRET, 'sign');

describe('sign stage', () => {
  it("signs a GET query as Daji's worked example does", () => {
    const query = 'keyword=%E8%BF%9E%E8%A1%A3%E8%A3%99&beginPage=1&pageSize=20&country=en';
    expect(signer.query(query)).toBe(`${query}&appKey=${KEY}&sign=27A00E566F34B4DC634D4CCD0ADC0AC4`);
  });

  it('signs an empty query, and repeated parameters one pair each', async () => {
    const empty = signer.query('');
    expect(empty).toMatch(/^appKey=demoKey123&sign=[0-9A-F]{32}$/);
    const repeated = signer.query('outMemberId=a&outMemberId=b');
    const check = await requestSignature(new Request(`https://x.test/p?${repeated}`), SECRET);
    expect(check.received).toBe(check.expected);
  });

  it('signs a query as MD5 of its pairs joined by name, repeated names and any script included', () => {
    const query = 'q=%E8%BF%9E%22%5C&b=2&a=1&b=1&emoji=%F0%9F%98%80&empty=';
    const pairs: SignPair[] = [...new URLSearchParams(query), ['appKey', KEY]];
    const sign = createHash('md5').update(joinCanonical(pairs, SECRET)).digest('hex').toUpperCase();
    expect(signer.query(query)).toBe(`${query}&appKey=${KEY}&sign=${sign}`);
  });

  it('replaces credentials already in a query instead of sending them twice', () => {
    const once = signer.query('keyword=a');
    const again = signer.query(`${once.replace('keyword=a', 'keyword=b')}`);
    expect(again.match(/appKey=/g)).toHaveLength(1);
    expect(again.match(/sign=/g)).toHaveLength(1);
    expect(again.startsWith('keyword=b&')).toBe(true);
    expect(again).toBe(signer.query('keyword=b'));
  });

  it('signs JSON or form fields with appKey and sign as top-level fields, nested values as compact JSON', async () => {
    const body = { orderId: '2257164624870311973', cargoParamList: [{ offerId: 670291644950, quantity: 5 }] };
    const signed = signer.fields(body);
    expect(signed).toEqual({ ...body, appKey: KEY, sign: signParams({ ...body, appKey: KEY }, SECRET) });
    // A server reading the JSON text as Daji does computes the same signature.
    const request = new Request('https://x.test/p', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signed),
    });
    const check = await requestSignature(request, SECRET);
    expect(check.received).toBe(check.expected);
    expect(body).not.toHaveProperty('sign');
  });

  it('in debug mode sends appKey and the raw appSecret and no sign', () => {
    const debug = createSigner(KEY, SECRET, 'debug-secret');
    expect(debug.query('a=1')).toBe(`a=1&appKey=${KEY}&appSecret=${SECRET}`);
    expect(debug.fields({ orderId: '1' })).toEqual({ orderId: '1', appKey: KEY, appSecret: SECRET });
  });
});
