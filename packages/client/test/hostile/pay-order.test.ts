import { payOrder } from '@daji-openapi/retry-policies';
import { describe, expect, it } from 'vitest';
import { createObservedClient, json } from '../helpers/observed-client.js';

describe('payOrder through the client, when preparePay answers with a hostile error body', () => {
  it('a terminal HTTP 400 quoting the sign is one pay call, not four', async () => {
    let payCalls = 0;
    const { client } = createObservedClient({}, (request) => {
      if (new URL(request.url).pathname.endsWith('/preparePay')) payCalls++;
      return json({ status: 400, message: 'invalid sign: "ABC"', sign: 123 }, { status: 400 });
    });
    const outcome = await payOrder(client, { orderId: '2257164624870311973', baseDelayMs: 1, maxDelayMs: 1 });
    expect(payCalls).toBe(1);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'terminal-error', attempts: 1 });
    expect(outcome.lastError).toMatchObject({ httpStatus: 400, retryable: false });
  });
});
