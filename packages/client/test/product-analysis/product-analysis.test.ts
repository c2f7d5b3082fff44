import { signParams } from '@daji-openapi/retry-policies';
import { describe, expect, it } from 'vitest';
import { MAX_TREND_DAYS, routes } from '../../src/index.js';
import { specChecks } from '../../src/spec-checks.js';
import { APP_SECRET, createObservedClient, envelope, json } from '../helpers/observed-client.js';

const ranking = { rankId: '1038378', rankType: 'complex', limit: 10, language: 'en' } as const;
const trend = { offerId: 670291644950, startDate: '20240701', endDate: '20240704' } as const;

const list = {
  rankId: '1038378',
  rankName: 'Comprehensive List',
  rankType: 'complex',
  rankProductModels: [
    {
      itemId: 699490252651,
      title: '凉鞋',
      sort: 1,
      serviceList: ['sendGoods48H'],
      buyerNum: 1334,
      soldOut: 433454,
      goodsScore: '5',
    },
  ],
};
const days = [
  { date: '20240701', value: '20' },
  { date: '20240702', value: '' },
];

describe('product analysis calls', () => {
  it('are GET reads the client may retry', () => {
    expect(routes.getRankingList).toEqual({
      method: 'get',
      path: '/alibaba/product/topListQuery',
      idempotent: true,
    });
    expect(routes.getDailySalesTrend).toEqual({
      method: 'get',
      path: '/alibaba/product/getPerdaySellQuantityTrend',
      idempotent: true,
    });
  });

  it('send the ranking query signed, and read the list', async () => {
    const { client, requests } = createObservedClient({}, () => json(envelope(list)));
    const { data, error } = await client.GET('/alibaba/product/topListQuery', { params: { query: ranking } });
    expect(error).toBeUndefined();
    expect(data?.data?.rankProductModels?.[0]?.soldOut).toBe(433454);
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe('/alibaba/product/topListQuery');
    const sent = Object.fromEntries(url.searchParams);
    expect(sent).toMatchObject({ rankId: '1038378', rankType: 'complex', limit: '10', language: 'en' });
    const { sign, ...signed } = sent;
    expect(sign).toBe(signParams(signed, APP_SECRET));
    expect(sign).toBe('DA08EF41A54C8AA1AB05030193C9649F');
  });

  it('send the sales-trend query signed, and read the days with empty values kept', async () => {
    const { client, requests } = createObservedClient({}, () => json(envelope(days)));
    const { data } = await client.GET('/alibaba/product/getPerdaySellQuantityTrend', {
      params: { query: trend },
    });
    expect(data?.data).toEqual(days);
    const sent = Object.fromEntries(new URL(requests[0]!.url).searchParams);
    expect(sent).toMatchObject({ ...trend, offerId: '670291644950' });
    expect(sent.sign).toBe('AD40ABC20F969E94B5FFD05643EC66D5');
  });
});

describe.each([
  ['by default', {}],
  ['with checks: specChecks', { checks: specChecks }],
])('product analysis checks (%s)', (_, chosen) => {
  const setup = () => createObservedClient(chosen, () => json(envelope([])));

  it.each([
    [
      { rankType: 'weekly' },
      TypeError,
      /getRankingList: query\.rankType is "weekly"; Daji accepts one of "complex", "hot", "goodPrice"/,
    ],
    [{ limit: 21 }, RangeError, /getRankingList: query\.limit is 21; Daji accepts an integer from 1 to 20/],
    [{ limit: 0 }, RangeError, /getRankingList: query\.limit is 0/],
    [{ rankId: 'dresses' }, TypeError, /getRankingList: query\.rankId is "dresses"/],
    [{ language: 'zh' }, TypeError, /getRankingList: query\.language is "zh"/],
    [{ rankId: undefined }, TypeError, /getRankingList: query\.rankId is missing; Daji requires it/],
  ])('refuses the ranking query %j before sending', async (change, kind, message) => {
    const { client, requests } = setup();
    const call = client.GET('/alibaba/product/topListQuery', {
      params: { query: { ...ranking, ...change } as typeof ranking },
    });
    await expect(call).rejects.toThrow(kind);
    await expect(call).rejects.toThrow(message);
    expect(requests).toHaveLength(0);
  });

  it.each([
    [{ startDate: '2024-07-01' }, TypeError, /getDailySalesTrend: query\.startDate is "2024-07-01"/],
    [{ endDate: '20241301' }, TypeError, /getDailySalesTrend: query\.endDate is "20241301"/],
    [{ offerId: 'x1' }, TypeError, /getDailySalesTrend: query\.offerId is "x1"/],
    [
      { startDate: '20240710', endDate: '20240701' },
      RangeError,
      /getDailySalesTrend: query\.endDate "20240701" must be 0 to 31 days after query\.startDate "20240710"/,
    ],
    [
      { startDate: '20240701', endDate: '20240815' },
      RangeError,
      /getDailySalesTrend: query\.endDate "20240815" must be 0 to 31 days after query\.startDate "20240701" \(1688's limit per call\)/,
    ],
  ])('refuses the sales-trend query %j before sending', async (change, kind, message) => {
    const { client, requests } = setup();
    const call = client.GET('/alibaba/product/getPerdaySellQuantityTrend', {
      params: { query: { ...trend, ...change } as unknown as typeof trend },
    });
    await expect(call).rejects.toThrow(kind);
    await expect(call).rejects.toThrow(message);
    expect(requests).toHaveLength(0);
  });

  it('accepts the limits themselves: 20 products, one day, 31 days across a month end', async () => {
    const { client, requests } = setup();
    await client.GET('/alibaba/product/topListQuery', { params: { query: { ...ranking, limit: 20 } } });
    await client.GET('/alibaba/product/getPerdaySellQuantityTrend', {
      params: { query: { ...trend, endDate: trend.startDate } },
    });
    await client.GET('/alibaba/product/getPerdaySellQuantityTrend', {
      params: { query: { ...trend, startDate: '20240131', endDate: '20240302' } },
    });
    expect(MAX_TREND_DAYS).toBe(31);
    expect(requests).toHaveLength(3);
  });
});
