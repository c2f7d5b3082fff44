// One instance of the shared-rate test: a Daji client whose limiter is the shared Redis one, calling the
// counting server as fast as that limiter lets it.
// env: REDIS_URL, BASE_URL, RATE, CONCURRENCY
import { createDajiClient } from '@daji-openapi/client';
import { createRedisRateLimiter } from '../../dist/index.js';

const { REDIS_URL, BASE_URL, RATE, CONCURRENCY } = process.env;
const limiter = await createRedisRateLimiter({
  url: REDIS_URL,
  requestsPerSecond: Number(RATE),
  bucket: 'shared',
});
const client = createDajiClient({ appKey: 'rate-app', appSecret: 'rate-secret', baseUrl: BASE_URL, limiter });
const query = { params: { query: { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } } };
process.once('message', async ({ until }) => {
  let sent = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const { error } = await client.GET('/alibaba/product/keywordQuery', query);
      if (error) throw error;
      sent++;
    }
  };
  await Promise.all(Array.from({ length: Number(CONCURRENCY) }, worker));
  await limiter.close();
  process.send?.(sent, () => process.exit(0));
});
process.send?.('ready');
