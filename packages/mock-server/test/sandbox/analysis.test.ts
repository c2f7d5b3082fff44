// Ranking lists and daily sales answered from the sandbox's catalogue, consistent with each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from './support.js';

const DAY_MS = 86_400_000;

/** `yyyyMMdd` of the China day `offset` days from today. */
function chinaDay(offset: number): string {
  const day = Math.floor((Date.now() + 8 * 3_600_000) / DAY_MS) + offset;
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

interface Ranked {
  itemId: number;
  sort: number;
  soldOut: number;
  buyerNum: number;
  title: string;
}

describe('product analysis in the sandbox', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.mock.close());

  const ranking = async (rankType: string, limit = 20, rankId = '1038378') => {
    const { status, text } = await sandbox.daji('get', '/alibaba/product/topListQuery', {
      rankId,
      rankType,
      limit,
      language: 'en',
    });
    expect(status).toBe(200);
    return JSON.parse(text) as {
      code: number;
      data: { rankId: string; rankType: string; rankProductModels: Ranked[] };
    };
  };

  const trend = async (offerId: string | number, startDate: string, endDate: string) => {
    const { status, text } = await sandbox.daji('get', '/alibaba/product/getPerdaySellQuantityTrend', {
      offerId: String(offerId),
      startDate,
      endDate,
    });
    expect(status).toBe(200);
    return JSON.parse(text) as {
      code: number;
      message: string;
      data: { date: string; value: string }[] | null;
    };
  };

  it("lists a category's catalogue products, best sellers first on the hot list, at most limit", async () => {
    const hot = await ranking('hot', 20);
    expect(hot.code).toBe(200);
    expect(hot.data.rankId).toBe('1038378');
    expect(hot.data.rankType).toBe('hot');
    const list = hot.data.rankProductModels;
    expect(list).toHaveLength(20);
    expect(list.map((p) => p.sort)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const sold = list.map((p) => p.soldOut);
    expect(sold).toEqual([...sold].sort((a, b) => b - a));
    expect((await ranking('hot', 3)).data.rankProductModels.map((p) => p.itemId)).toEqual(
      list.slice(0, 3).map((p) => p.itemId),
    );
  });

  it('orders each list its own way, and the same list the same way every time', async () => {
    const ids = async (type: string) => (await ranking(type)).data.rankProductModels.map((p) => p.itemId);
    const hot = await ids('hot');
    expect(await ids('goodPrice')).not.toEqual(hot);
    expect(await ids('VNTrend')).not.toEqual(hot);
    expect(await ids('VNTrend')).toEqual(await ids('VNTrend'));
  });

  it('has an empty list for a category the catalogue does not have', async () => {
    const other = await ranking('complex', 10, '999999');
    expect(other.code).toBe(200);
    expect(other.data.rankProductModels).toEqual([]);
  });

  it("a listed product's daily sales over the last 30 days add up to its soldOut", async () => {
    const [top] = (await ranking('hot', 1)).data.rankProductModels;
    const days = await trend(top!.itemId, chinaDay(-30), chinaDay(-1));
    expect(days.code).toBe(200);
    expect(days.data).toHaveLength(30);
    expect(days.data![0]!.date).toBe(chinaDay(-30));
    expect(days.data!.reduce((sum, d) => sum + Number(d.value), 0)).toBe(top!.soldOut);
  });

  it('has no figure (an empty value) for today onwards or before the last 90 days', async () => {
    const [top] = (await ranking('hot', 1)).data.rankProductModels;
    const recent = await trend(top!.itemId, chinaDay(-1), chinaDay(1));
    expect(recent.data!.map((d) => d.value === '')).toEqual([false, true, true]);
    const old = await trend(top!.itemId, chinaDay(-92), chinaDay(-89));
    expect(old.data!.map((d) => d.value === '')).toEqual([true, true, false, false]);
  });

  it('refuses, as a business failure, a range over 31 days, a reversed range and an unknown product', async () => {
    const [top] = (await ranking('hot', 1)).data.rankProductModels;
    for (const [start, end] of [
      [chinaDay(-40), chinaDay(-1)],
      [chinaDay(-1), chinaDay(-5)],
    ] as const) {
      const refused = await trend(top!.itemId, start, end);
      expect(refused.code).not.toBe(200);
      expect(refused.data).toBeNull();
      expect(refused.message).toMatch(/0 to 31 days after startDate/);
    }
    const unknown = await trend('1', chinaDay(-3), chinaDay(-1));
    expect(unknown.code).not.toBe(200);
    expect(unknown.message).toMatch(/not in the sandbox catalogue/);
  });
});
