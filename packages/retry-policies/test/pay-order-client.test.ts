import createClient from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type PayAttempt,
  type PayOrderClient,
  payOrder,
  signingMiddleware,
  signParams,
} from '../src/index.js';
import type { paths } from './fixtures/paths.js';

const appKey = 'demoKey123';
const appSecret = 'demoSecret456';
const orderId = '2257164624870311973';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const json = (body: unknown, status = 200) => Response.json(body, { status });

/** A real openapi-fetch client with the signing middleware, whose fetch is the test's own handler. */
function signedClient(
  handler: (path: string, body: Record<string, unknown>) => Response | Promise<Response>,
) {
  const sent: { path: string; body: Record<string, unknown>; url: string }[] = [];
  const client = createClient<paths>({
    baseUrl: 'https://openapi.dajisaas.com',
    fetch: async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = JSON.parse(await request.text()) as Record<string, unknown>;
      sent.push({ path, body, url: request.url });
      return handler(path, body);
    },
  });
  client.use(signingMiddleware({ appKey, appSecret }));
  return { client, sent };
}

describe('payOrder over a real openapi-fetch client', () => {
  it('signs every call, retries a 503, verifies the order in between, and never exposes the secret', async () => {
    let payCalls = 0;
    const { client, sent } = signedClient((path) => {
      if (path.endsWith('/preparePay')) {
        payCalls++;
        return payCalls === 1
          ? json({ status: 503, error: 'Service Unavailable' }, 503)
          : json({
              code: 200,
              message: '操作成功',
              data: {
                success: true,
                code: null,
                message: null,
                result: { payChannel: 'alipay', paySuccess: true },
              },
              timestamp: 1,
              traceId: 'aaaaaaaaaaa2',
            });
      }
      return json({
        code: 200,
        message: '操作成功',
        data: { baseInfo: { status: 'waitbuyerpay' } },
        timestamp: 1,
        traceId: 'aaaaaaaaaaa1',
      });
    });
    const events: PayAttempt[] = [];
    const promise = payOrder(client, { orderId, onAttempt: (e) => events.push(e) });
    await vi.runAllTimersAsync();
    const outcome = await promise;

    expect(outcome).toMatchObject({ status: 'paid', channel: 'alipay', attempts: 2, orderChecks: 1 });
    expect(outcome.traceIds).toEqual(['aaaaaaaaaaa1', 'aaaaaaaaaaa2']);
    expect(sent.map((s) => s.path)).toEqual([
      '/alibaba/trade/pay/protocolPay/preparePay',
      '/alibaba/trade/get/buyerView',
      '/alibaba/trade/pay/protocolPay/preparePay',
    ]);
    expect(sent[0]!.body).toEqual({ orderId, appKey, sign: signParams({ orderId, appKey }, appSecret) });
    expect(sent[1]!.body).toEqual({
      orderId,
      webSite: '1688',
      appKey,
      sign: signParams({ orderId, webSite: '1688', appKey }, appSecret),
    });
    const everything = JSON.stringify({ sent, events, outcome });
    expect(everything).not.toContain(appSecret);
  });

  it('reads a failed HTTP answer from openapi-fetch ({ error, response }) as the HTTP status', async () => {
    const { client, sent } = signedClient(() =>
      json({ status: 400, error: 'Bad Request', message: 'sign error' }, 400),
    );
    const outcome = await payOrder(client, { orderId });
    expect(sent).toHaveLength(1);
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'terminal-error',
      lastError: { reason: 'http-status', httpStatus: 400, message: 'sign error' },
    });
  });
});

// Type-level checks, enforced by `pnpm typecheck` (tsc over test/).
type AppKeyInBody = {
  '/alibaba/trade/pay/protocolPay/preparePay': {
    post: {
      requestBody: { content: { 'application/json': { appKey: string; sign?: string; orderId: string } } };
      responses: { 200: { content: { 'application/json': { code: number } } } };
    };
  };
  '/alibaba/trade/get/buyerView': {
    post: {
      requestBody: { content: { 'application/json': { appKey: string; orderId: string; webSite: string } } };
      responses: { 200: { content: { 'application/json': { code: number } } } };
    };
  };
};
describe('PayOrderClient', () => {
  it('accepts openapi-fetch clients over Daji paths, with or without credentials in the body types', () => {
    const plain: PayOrderClient = createClient<paths>();
    const withCredentials: PayOrderClient = createClient<AppKeyInBody>();
    const double: PayOrderClient = { POST: async () => ({ data: undefined }) };
    expect([plain, withCredentials, double].every((c) => typeof c.POST === 'function')).toBe(true);
  });
});
