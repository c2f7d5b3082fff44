// The product-analysis calls reach the CLI from the spec, with the client's checks in front of them.
import type { MockServer } from '@daji-openapi/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, credentials, daji } from './support/daji.js';
import { startMock } from './support/mock.js';

let mock: MockServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  mock = await startMock();
  env = baseEnv(credentials(mock.url));
});
afterAll(() => mock?.close());

describe('daji call for product analysis', () => {
  it('lists both operations with their parameters and limits', async () => {
    const run = await daji(['ops'], baseEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/getRankingList\s+GET\s+\/alibaba\/product\/topListQuery/);
    expect(run.stdout).toContain('limit* (integer, 1..20)');
    expect(run.stdout).toContain('rankType* (string, one of complex|hot|goodPrice|anchorHot|anchorNew');
    expect(run.stdout).toMatch(/getDailySalesTrend\s+GET\s+\/alibaba\/product\/getPerdaySellQuantityTrend/);
  });

  it('reads a ranking list and prints its data', async () => {
    const run = await daji(
      ['call', 'getRankingList', 'rankId=1038378', 'rankType=hot', 'limit=5', 'language=en'],
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).rankProductModels[0]).toHaveProperty('itemId');
  });

  it('refuses a limit over 20 and a reversed date range before sending (exit 2)', async () => {
    const limit = await daji(
      ['call', 'getRankingList', 'rankId=1038378', 'rankType=hot', 'limit=21', 'language=en'],
      env,
    );
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain(
      'getRankingList: query.limit is 21; Daji accepts an integer from 1 to 20.',
    );
    const reversed = await daji(
      ['call', 'getDailySalesTrend', 'offerId=670291644950', 'startDate=20240710', 'endDate=20240701'],
      env,
    );
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain(
      'getDailySalesTrend: query.endDate "20240701" must be 0 to 31 days after query.startDate "20240710"',
    );
  });
});
