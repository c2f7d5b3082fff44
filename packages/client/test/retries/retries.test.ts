import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DajiAbortError,
  DajiHttpError,
  type DajiLimiterRequest,
  type DajiRateLimiter,
  type DajiThrottle,
  DajiTimeoutError,
  limiterTimeout,
} from '../../src/index.js';
import { createObservedClient, envelope, json, memoryLogger } from '../helpers/observed-client.js';

const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;
const ORDER_ID = '2257164624870311973';
const ok = () => json(envelope({ data: [] }));
const status = (code: number, headers: Record<string, string> = {}) =>
  json({ status: code, error: 'Service Unavailable' }, { status: code, headers });

/** Answers with each response in turn, then repeats the last. */
function sequence(...answers: (() => Response | Promise<Response>)[]) {
  let i = 0;
  return () => answers[Math.min(i++, answers.length - 1)]!();
}
const refused = () => Promise.reject(new TypeError('fetch failed: ECONNRESET'));

/** Every POST operation, with a valid body. */
const POSTS = {
  estimateFreight: [
    '/alibaba/product/freightEstimate',
    {
      offerId: 670291644950,
      toProvinceCode: '330000',
      toCityCode: '330100',
      toCountryCode: '330108',
      totalNum: 2,
      logisticsSkuNumModels: [{ skuId: '5017869473476', number: 2 }],
    },
  ],
  previewOrder: [
    '/alibaba/createOrder/preview',
    { addressParam: { fullName: '张三' }, cargoParamList: [{ offerId: 670291644950, quantity: 5 }] },
  ],
  getOrderDetail: ['/alibaba/trade/get/buyerView', { orderId: ORDER_ID, webSite: '1688' }],
  createOrder: [
    '/alibaba/trade/createCrossOrder',
    {
      flow: 'general',
      thirdOrderId: 'po-1001',
      addressParam: { fullName: '张三' },
      cargoParamList: [{ offerId: 670291644950, quantity: 5 }],
    },
  ],
  cancelOrder: ['/alibaba/trade/cancel', { orderId: ORDER_ID, webSite: '1688', cancelReason: 'buyerCancel' }],
  confirmReceipt: ['/alibaba/trade/receiveGoods/confirm', { orderId: ORDER_ID, orderEntryIds: [ORDER_ID] }],
  preparePay: ['/alibaba/trade/pay/protocolPay/preparePay', { orderId: ORDER_ID }],
} as const;

describe('retries of reads', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries a GET after a 503 and logs how many attempts it took', async () => {
    const { logger, lines } = memoryLogger();
    const { client, requests } = createObservedClient(
      { logger },
      sequence(() => status(503), ok),
    );
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await call;
    expect(result.error).toBeUndefined();
    expect(requests).toHaveLength(2);
    expect(requests[1]!.url).toBe(requests[0]!.url);
    expect(lines.at(-1)?.record).toMatchObject({ status: 200, attempts: 2 });
  });

  it('retries network errors, 408, 429 and every 5xx, but no other status', async () => {
    for (const first of [
      refused,
      () => status(408),
      () => status(429),
      () => status(500),
      () => status(599),
    ]) {
      const { client, requests } = createObservedClient({}, sequence(first, ok));
      const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await call).error).toBeUndefined();
      expect(requests).toHaveLength(2);
    }
    for (const code of [400, 401, 403, 404, 409, 422]) {
      const { client, requests } = createObservedClient({}, () => status(code));
      const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
      expect(error).toBeInstanceOf(DajiHttpError);
      expect(requests).toHaveLength(1);
    }
  });

  it('sends at most 1 + maxRetries attempts (default 2), then returns the last answer', async () => {
    const { logger, lines } = memoryLogger();
    const { client, requests } = createObservedClient({ logger }, () => status(503));
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await vi.advanceTimersByTimeAsync(5_000);
    const { error } = await call;
    expect(error).toMatchObject({ name: 'DajiHttpError', httpStatus: 503 });
    expect(requests).toHaveLength(3);
    expect(lines.at(-1)?.record).toMatchObject({ status: 503, attempts: 3, error: 'DajiHttpError' });
  });

  it('rethrows the last network error once the retries are spent', async () => {
    const { client, requests } = createObservedClient({ maxRetries: 1 }, refused);
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await call).toMatchObject({ name: 'DajiNetworkError', code: 'NETWORK' });
    expect(requests).toHaveLength(2);
  });

  it('maxRetries: 0 turns retries off, on the client or per call', async () => {
    const off = createObservedClient({ maxRetries: 0 }, () => status(503));
    await off.client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(off.requests).toHaveLength(1);
    const perCall = createObservedClient({}, () => status(503));
    await perCall.client.GET('/alibaba/product/keywordQuery', { params: { query }, maxRetries: 0 });
    expect(perCall.requests).toHaveLength(1);
    const more = createObservedClient({ maxRetries: 0 }, () => status(503));
    const call = more.client.GET('/alibaba/product/keywordQuery', { params: { query }, maxRetries: 4 });
    await vi.advanceTimersByTimeAsync(20_000);
    await call;
    expect(more.requests).toHaveLength(5);
  });

  it.each(['estimateFreight', 'previewOrder', 'getOrderDetail'] as const)(
    'retries the read-only POST %s, resending the same signed body',
    async (id) => {
      const [path, body] = POSTS[id];
      const { client, requests } = createObservedClient(
        {},
        sequence(refused, () => status(502), ok),
      );
      const call = client.POST(path as never, { body } as never);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(((await call) as { error?: unknown }).error).toBeUndefined();
      expect(requests).toHaveLength(3);
      const bodies = await Promise.all(requests.map((r) => r.text()));
      expect(new Set(bodies).size).toBe(1);
      expect(JSON.parse(bodies[0]!)).toMatchObject({
        ...body,
        appKey: expect.any(String),
        sign: expect.any(String),
      });
    },
  );

  it.each(['createOrder', 'cancelOrder', 'confirmReceipt', 'preparePay'] as const)(
    'never retries %s, whatever happens',
    async (id) => {
      const [path, body] = POSTS[id];
      for (const answer of [() => status(503), () => status(429, { 'retry-after': '1' }), refused]) {
        const { client, requests } = createObservedClient({ maxRetries: 10 }, answer);
        const call = Promise.resolve(client.POST(path as never, { body, maxRetries: 10 } as never)).catch(
          (e: unknown) => e,
        );
        await vi.advanceTimersByTimeAsync(60_000);
        await call;
        expect(requests, id).toHaveLength(1);
      }
    },
  );

  it('waits what Retry-After says (seconds or an HTTP date), up to 60 s', async () => {
    const { client, requests } = createObservedClient(
      {},
      sequence(() => status(429, { 'retry-after': '3' }), ok),
    );
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    expect((await call).error).toBeUndefined();

    const date = new Date(Date.now() + 10_000).toUTCString();
    const dated = createObservedClient(
      {},
      sequence(() => status(503, { 'retry-after': date }), ok),
    );
    const second = dated.client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(dated.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(dated.requests).toHaveLength(2);
    await second;
  });

  it('does not retry when Retry-After is beyond 60 s, or the wait would pass the deadline', async () => {
    const far = createObservedClient({}, () => status(503, { 'retry-after': '61' }));
    const { error } = await far.client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toMatchObject({ httpStatus: 503 });
    expect(far.requests).toHaveLength(1);

    const tight = createObservedClient({ timeoutMs: 2_000 }, () => status(429, { 'retry-after': '5' }));
    const answer = await tight.client.GET('/alibaba/product/keywordQuery', { params: { query } });
    // The real answer, not a timeout: waiting would only have ended in one.
    expect(answer.error).toMatchObject({ name: 'DajiHttpError', httpStatus: 429 });
    expect(tight.requests).toHaveLength(1);
  });

  it('keeps every attempt and wait inside the one deadline of the call', async () => {
    let sent = 0;
    const { client } = createObservedClient({ timeoutMs: 3_000, maxRetries: 10 }, () => {
      sent++;
      return status(503, { 'retry-after': '1' });
    });
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await vi.advanceTimersByTimeAsync(10_000);
    const { error } = await call;
    expect(error).toMatchObject({ httpStatus: 503 });
    // Attempts at 0, 1 and 2 s; a fourth would start at the deadline.
    expect(sent).toBe(3);
  });

  it('stops retrying when the next wait would pass the deadline, and an abort ends the wait at once', async () => {
    const slow = createObservedClient({ timeoutMs: 1_500 }, () => status(503, { 'retry-after': '1' }));
    const first = slow.client.GET('/alibaba/product/keywordQuery', { params: { query } });
    // The first retry fits (1 s < 1.5 s); after its answer at 1 s, another second would not.
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await first).error).toMatchObject({ httpStatus: 503 });
    expect(slow.requests).toHaveLength(2);

    const controller = new AbortController();
    const aborted = createObservedClient({}, () => status(503, { 'retry-after': '5' }));
    const call = aborted.client
      .GET('/alibaba/product/keywordQuery', { params: { query }, signal: controller.signal })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    expect(await call).toBeInstanceOf(DajiAbortError);
    expect(aborted.requests).toHaveLength(1);
  });

  it.each([
    [{ maxRetries: -1 }, /options\.maxRetries must be a whole number from 0 to 10, got number -1/],
    [{ maxRetries: 11 }, /maxRetries/],
    [{ maxRetries: 1.5 }, /maxRetries/],
    [{ limiter: {} }, /options\.limiter must have an acquire\(\) method/],
  ])('refuses the option %j, naming it', (options, message) => {
    expect(() => createObservedClient(options as never, ok)).toThrow(message);
  });
});

describe('the limiter hook', () => {
  function recordingLimiter(impl?: (request: DajiLimiterRequest) => Promise<void>) {
    const acquired: DajiLimiterRequest[] = [];
    const throttles: DajiThrottle[] = [];
    const limiter: DajiRateLimiter = {
      acquire(request) {
        acquired.push(request);
        return impl ? impl(request) : Promise.resolve();
      },
      throttled(event) {
        throttles.push(event);
      },
    };
    return { limiter, acquired, throttles };
  }

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is asked before every attempt, with the attempt number, the deadline and the signal', async () => {
    const { limiter, acquired, throttles } = recordingLimiter();
    const { client } = createObservedClient(
      { limiter, timeoutMs: 10_000 },
      sequence(() => status(429, { 'retry-after': '2' }), ok),
    );
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await vi.advanceTimersByTimeAsync(2_000);
    await call;
    expect(acquired.map((a) => [a.operationId, a.method, a.attempt])).toEqual([
      ['keywordSearch', 'GET', 1],
      ['keywordSearch', 'GET', 2],
    ]);
    expect(acquired[0]!.deadline).toBe(1_700_000_000_000 + 10_000);
    expect(acquired[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(throttles).toEqual([{ operationId: 'keywordSearch', status: 429, retryAfterMs: 2_000 }]);
  });

  it('hears about a 429 even on an operation that is never retried', async () => {
    const { limiter, throttles } = recordingLimiter();
    const { client } = createObservedClient({ limiter }, () => status(429));
    await client.POST('/alibaba/trade/pay/protocolPay/preparePay', { body: { orderId: ORDER_ID } });
    expect(throttles).toEqual([{ operationId: 'preparePay', status: 429, retryAfterMs: undefined }]);
  });

  it('a limiter with no slot before the deadline fails the call with a DajiTimeoutError, sending nothing', async () => {
    const { limiter } = recordingLimiter(() => Promise.reject(limiterTimeout(5_000)));
    const { client, requests } = createObservedClient({ limiter }, ok);
    const error = await client
      .GET('/alibaba/product/keywordQuery', { params: { query } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DajiTimeoutError);
    expect((error as Error).message).toMatch(/keywordSearch could not be sent within its deadline/);
    expect(requests).toHaveLength(0);
  });

  it('a limiter still waiting at the timeout ends the call with a DajiTimeoutError', async () => {
    const { limiter } = recordingLimiter(() => new Promise(() => {}));
    const { client, requests } = createObservedClient({ limiter, timeoutMs: 1_000 }, ok);
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await call).toBeInstanceOf(DajiTimeoutError);
    expect(requests).toHaveLength(0);
  });

  it('a limiter that fails for another reason fails the call with that cause', async () => {
    const broken = new Error('redis: connection lost');
    const { limiter } = recordingLimiter(() => Promise.reject(broken));
    const { client } = createObservedClient({ limiter }, ok);
    const error = await client
      .GET('/alibaba/product/keywordQuery', { params: { query } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DajiError', code: 'RATE_LIMITER', cause: broken });
  });
});
