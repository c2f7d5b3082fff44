// Pushes: every state change reaches the receiver as the spec's message, signed so the client's verifier
// accepts it, redelivered with backoff until it gets 200, in order per order, with a delivery log.
import { payOrder } from '@daji-openapi/retry-policies';
import { afterEach, describe, expect, it } from 'vitest';
import { pushErrors } from './support/contract.js';
import {
  app,
  createOrder,
  eventually,
  type Receiver,
  type Sandbox,
  startReceiver,
  startSandbox,
} from './support/sandbox.js';

interface Delivery {
  msgId: string;
  type: string;
  orderId: string;
  attempts: number;
  status: string;
}

describe('pushes', () => {
  let sandbox: Sandbox | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  async function deliveries(): Promise<Delivery[]> {
    return (await sandbox!.control<{ deliveries: Delivery[] }>('GET', 'deliveries')).body.deliveries;
  }

  it('sends each state change of an order, in order, signed and in the spec’s shape', async () => {
    sandbox = await startSandbox({ verifySignature: app, sandbox: { push: { firstRetryMs: 20 } } });
    receiver = await startReceiver();
    expect((await sandbox.control('PUT', 'push-target', { url: receiver.url })).status).toBe(200);
    const client = sandbox.client();
    const orderId = await createOrder(client);
    await payOrder(client, { orderId });
    await sandbox.control('POST', `orders/${orderId}/ship`);
    await sandbox.control('POST', 'clock/advance', { hours: 240 });

    await eventually(() => receiver!.messages.length === 5, 'five messages');
    expect(receiver.messages.map((m) => [m.type, m.status])).toEqual([
      ['ORDER_BUYER_VIEW_BUYER_MAKE', 'waitbuyerpay'],
      ['ORDER_BUYER_VIEW_ORDER_PAY', 'waitsellersend'],
      ['ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS', 'waitbuyerreceive'],
      ['ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS', 'confirm_goods'],
      ['ORDER_BUYER_VIEW_ORDER_SUCCESS', 'success'],
    ]);
    expect(new Set(receiver.messages.map((m) => m.orderId))).toEqual(new Set([orderId]));
    for (const body of receiver.bodies) expect(pushErrors(body)).toEqual([]);
    // The order id travels as a bare 19-digit number inside the message text.
    expect(decodeURIComponent(receiver.bodies[0]!.replace(/\+/g, ' '))).toContain(`"orderId":${orderId}`);
    const log = await deliveries();
    expect(log.map((d) => [d.type, d.status, d.attempts])).toEqual(
      receiver.messages.map((m) => [m.type, 'delivered', 1]),
    );
  });

  it('redelivers with backoff until the receiver answers 200, and logs the attempts', async () => {
    sandbox = await startSandbox({ sandbox: { push: { firstRetryMs: 20, maxRetryMs: 80 } } });
    receiver = await startReceiver('pushSecret', 3);
    await sandbox.control('PUT', 'push-target', { url: receiver.url, appSecret: 'pushSecret' });
    const client = sandbox.client();
    const orderId = await createOrder(client);
    await payOrder(client, { orderId });

    await eventually(() => receiver!.messages.length === 2, 'both messages after the receiver recovers');
    // The payment message waited for the creation message: in order per order.
    expect(receiver.messages.map((m) => m.type)).toEqual([
      'ORDER_BUYER_VIEW_BUYER_MAKE',
      'ORDER_BUYER_VIEW_ORDER_PAY',
    ]);
    const log = await deliveries();
    expect(log).toEqual([
      expect.objectContaining({
        type: 'ORDER_BUYER_VIEW_BUYER_MAKE',
        orderId,
        attempts: 4,
        status: 'delivered',
      }),
      expect.objectContaining({
        type: 'ORDER_BUYER_VIEW_ORDER_PAY',
        orderId,
        attempts: 1,
        status: 'delivered',
      }),
    ]);
  });

  it('marks a message failed after the last attempt and goes on with the next one', async () => {
    sandbox = await startSandbox({ sandbox: { push: { firstRetryMs: 10, maxRetryMs: 20, maxAttempts: 3 } } });
    receiver = await startReceiver('pushSecret', 3);
    await sandbox.control('PUT', 'push-target', { url: receiver.url, appSecret: 'pushSecret' });
    const client = sandbox.client();
    const orderId = await createOrder(client);
    await payOrder(client, { orderId });
    await eventually(
      async () => (await deliveries()).every((d) => d.status !== 'pending'),
      'the log to settle',
    );
    expect((await deliveries()).map((d) => [d.type, d.status, d.attempts])).toEqual([
      ['ORDER_BUYER_VIEW_BUYER_MAKE', 'failed', 3],
      ['ORDER_BUYER_VIEW_ORDER_PAY', 'delivered', 1],
    ]);
  });

  it('refuses a push target it cannot sign for, and a URL that is not http(s)', async () => {
    sandbox = await startSandbox();
    const noSecret = await sandbox.control<{ error: string }>('PUT', 'push-target', {
      url: 'http://127.0.0.1:1/x',
    });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error).toMatch(/appSecret/);
    const badUrl = await sandbox.control<{ error: string }>('PUT', 'push-target', {
      url: 'ftp://x',
      appSecret: 's',
    });
    expect(badUrl.status).toBe(400);
    expect((await sandbox.control<{ url: unknown }>('GET', 'push-target')).body.url).toBeNull();
  });
});
