import { describe, expect, it } from 'vitest';
import { serializeQuery } from '../../src/index.js';
import { createObservedClient, envelope, json } from '../helpers/observed-client.js';

describe('query serialization', () => {
  it('sends sort as JSON text, filter as a comma list and other arrays as repeated parameters', () => {
    expect(
      serializeQuery({
        sort: { monthSold: 'desc' },
        filter: ['shipIn48Hours', 'isOnePsale'],
        outMemberId: ['a', 'b'],
      }),
    ).toBe(
      'sort=%7B%22monthSold%22%3A%22desc%22%7D&filter=shipIn48Hours%2CisOnePsale&outMemberId=a&outMemberId=b',
    );
  });

  it('passes sort and filter given as Daji text through unchanged', () => {
    expect(serializeQuery({ sort: '{"price":"asc"}', filter: 'shipInToday,ksCiphertext' })).toBe(
      'sort=%7B%22price%22%3A%22asc%22%7D&filter=shipInToday%2CksCiphertext',
    );
  });

  it('writes orderIdList as a JSON array of strings', () => {
    expect(
      decodeURIComponent(serializeQuery({ orderIdList: ['2257164624870311973', '2257164624870311974'] })),
    ).toBe('orderIdList=["2257164624870311973","2257164624870311974"]');
  });

  it('leaves out undefined and null but keeps an empty string', () => {
    expect(serializeQuery({ a: undefined, b: null, c: '', d: 0, e: false, f: [] })).toBe('c=&d=0&e=false');
  });

  it('refuses nested objects with a message naming the parameter', () => {
    expect(() => serializeQuery({ region: { x: 1 } })).toThrow(/Query parameter "region" is object/);
  });

  it('is what the client puts on the wire', async () => {
    const { client, requests } = createObservedClient({}, () =>
      json(envelope({ payUrl: 'https://trade.1688.com/x' })),
    );
    await client.GET('/alibaba/alipay/url/get', {
      params: { query: { orderIdList: ['2257164624870311973'] } },
    });
    expect(new URL(requests[0]!.url).searchParams.get('orderIdList')).toBe('["2257164624870311973"]');
  });
});
