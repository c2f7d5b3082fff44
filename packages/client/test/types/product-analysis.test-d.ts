import { describe, expectTypeOf, it } from 'vitest';
import type { DataOf, QueryOf } from '../../src/index.js';

describe('product analysis types', () => {
  it('rankType is the eight documented lists', () => {
    expectTypeOf<QueryOf<'getRankingList'>['rankType']>().toEqualTypeOf<
      'complex' | 'hot' | 'goodPrice' | 'anchorHot' | 'anchorNew' | 'anchorRecommend' | 'VNHot' | 'VNTrend'
    >();
  });

  it('every field of an answer may be missing or null, so reading one needs a check', () => {
    const list = {} as DataOf<'getRankingList'>;
    // @ts-expect-error rankProductModels may be null or missing
    list.rankProductModels.length;
    const first = list.rankProductModels?.[0];
    // @ts-expect-error a ranked product may be absent
    first.soldOut;
    expectTypeOf(first?.soldOut).toEqualTypeOf<number | null | undefined>();
    const days = {} as DataOf<'getDailySalesTrend'>;
    expectTypeOf(days[0]?.value).toEqualTypeOf<string | number | null | undefined>();
  });

  it('the offer id is a number and the dates strings in requests', () => {
    expectTypeOf<QueryOf<'getDailySalesTrend'>>().toEqualTypeOf<{
      offerId: number;
      startDate: string;
      endDate: string;
    }>();
  });
});
