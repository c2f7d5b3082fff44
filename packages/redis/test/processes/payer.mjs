// One worker of the multi-process pay test: waits for "go", runs payOrder under the Redis pay lock, reports.
// env: REDIS_URL, BASE_URL (the sandbox), APP_KEY, APP_SECRET, ORDER_ID, WAIT_MS, LEASE_MS
import { createDajiClient } from '@daji-openapi/client';
import { payOrder } from '@daji-openapi/retry-policies';
import { createRedisPayLock } from '../../dist/index.js';

const { REDIS_URL, BASE_URL, APP_KEY, APP_SECRET, ORDER_ID, WAIT_MS, LEASE_MS } = process.env;
const client = createDajiClient({ appKey: APP_KEY, appSecret: APP_SECRET, baseUrl: BASE_URL });
const lock = await createRedisPayLock({ url: REDIS_URL, leaseMs: Number(LEASE_MS) });
process.once('message', async () => {
  const outcome = await payOrder(client, {
    orderId: ORDER_ID,
    lock,
    waitMs: Number(WAIT_MS),
    baseDelayMs: 50,
  });
  process.send?.(outcome, () => process.exit(0));
});
process.send?.('ready');
