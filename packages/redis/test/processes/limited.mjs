// One instance of the shared-rate test: sends to the counting server as fast as the shared limiter lets it.
// env: REDIS_URL, TARGET, RATE, CONCURRENCY
import { createRedisRateLimiter } from '../../dist/index.js';

const { REDIS_URL, TARGET, RATE, CONCURRENCY } = process.env;
const limiter = await createRedisRateLimiter({
  url: REDIS_URL,
  requestsPerSecond: Number(RATE),
  bucket: 'shared',
});
process.once('message', async ({ until }) => {
  let sent = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const signal = AbortSignal.timeout(5000);
      try {
        await limiter.acquire({
          operationId: 'keywordSearch',
          method: 'GET',
          path: '/',
          attempt: 1,
          deadline: until,
          signal,
        });
      } catch {
        break; // no slot before the end of the run
      }
      const res = await fetch(TARGET, { signal });
      await res.arrayBuffer();
      sent++;
    }
  };
  await Promise.all(Array.from({ length: Number(CONCURRENCY) }, worker));
  await limiter.close();
  process.send?.(sent, () => process.exit(0));
});
process.send?.('ready');
