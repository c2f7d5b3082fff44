import createClient from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, retryingFetch, signingMiddleware } from '../src/index.js';
import type { paths } from './fixtures/paths.js';

const URL_ = 'https://openapi.dajisaas.com/alibaba/product/keywordQuery?keyword=x';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

type Step = Response | Error | ((request: Request) => Promise<Response>);

/** A fetch that answers from a script (repeating the last step) and keeps every Request it was given. */
function scriptedFetch(steps: Step[]) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    const step = steps[Math.min(requests.length - 1, steps.length - 1)]!;
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(request);
    return step.clone();
  });
  return { fetch, requests };
}

const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(`status ${code}`, { status: code, headers });

/** Runs every pending timer, then gives the outcome; a rejection is observed from the start. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  const observed = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await vi.runAllTimersAsync();
  const result = await observed;
  if (!result.ok) throw result.error;
  return result.value;
}

describe('retryingFetch retries GET', () => {
  it.each([408, 429, 500, 502, 503, 504])('on HTTP %i, then returns the success', async (code) => {
    const { fetch, requests } = scriptedFetch([status(code), status(code), status(200)]);
    const response = await settle(retryingFetch(fetch, { random: () => 0.5 })(new Request(URL_)));
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(3);
  });

  it('on a network error (TypeError) and a timeout (TimeoutError)', async () => {
    const { fetch, requests } = scriptedFetch([
      new TypeError('fetch failed'),
      new DOMException('timed out', 'TimeoutError'),
      status(200),
    ]);
    const response = await settle(retryingFetch(fetch)(new Request(URL_)));
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(3);
  });

  it('at most maxRetries times, then returns the last failed response', async () => {
    const { fetch, requests } = scriptedFetch([status(503)]);
    const response = await settle(retryingFetch(fetch, { maxRetries: 2 })(new Request(URL_)));
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('status 503');
    expect(requests).toHaveLength(3);
  });

  it('at most maxRetries times, then throws the last network error', async () => {
    const { fetch, requests } = scriptedFetch([new TypeError('fetch failed')]);
    const promise = retryingFetch(fetch, { maxRetries: 1 })(new Request(URL_));
    const expectation = expect(promise).rejects.toThrow('fetch failed');
    await vi.runAllTimersAsync();
    await expectation;
    expect(requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409])('never on HTTP %i', async (code) => {
    const { fetch, requests } = scriptedFetch([status(code), status(200)]);
    const response = await settle(retryingFetch(fetch)(new Request(URL_)));
    expect(response.status).toBe(code);
    expect(requests).toHaveLength(1);
  });

  it('never on an error that is not a network failure or timeout', async () => {
    const { fetch, requests } = scriptedFetch([new RangeError('bug'), status(200)]);
    await expect(settle(retryingFetch(fetch)(new Request(URL_)))).rejects.toThrow('bug');
    expect(requests).toHaveLength(1);
  });

  it('sends a fresh Request each attempt with the same URL and headers', async () => {
    const { fetch, requests } = scriptedFetch([status(503), status(503), status(200)]);
    const original = new Request(URL_, { headers: { 'X-Trace': 'abc' } });
    await settle(retryingFetch(fetch)(original));
    expect(new Set(requests).size).toBe(3);
    expect(requests).not.toContain(original);
    for (const request of requests) {
      expect(request.url).toBe(URL_);
      expect(request.headers.get('x-trace')).toBe('abc');
      expect(request.bodyUsed).toBe(false);
    }
  });

  it('waits with full jitter between attempts', async () => {
    const { fetch, requests } = scriptedFetch([status(503), status(503), status(200)]);
    const promise = retryingFetch(fetch, { random: () => 0.5, baseDelayMs: 500 })(new Request(URL_));
    await vi.advanceTimersByTimeAsync(249);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(3);
    expect((await promise).status).toBe(200);
  });
});

describe('retryingFetch honours Retry-After', () => {
  it('in seconds, even above maxDelayMs', async () => {
    const { fetch, requests } = scriptedFetch([status(429, { 'Retry-After': '12' }), status(200)]);
    const promise = retryingFetch(fetch, { maxDelayMs: 1000 })(new Request(URL_));
    await vi.advanceTimersByTimeAsync(11_999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    expect((await promise).status).toBe(200);
  });

  it('as an HTTP date', async () => {
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const { fetch, requests } = scriptedFetch([
      status(503, { 'Retry-After': 'Thu, 01 Jan 2026 00:00:03 GMT' }),
      status(200),
    ]);
    const promise = retryingFetch(fetch)(new Request(URL_));
    await vi.advanceTimersByTimeAsync(2999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    expect((await promise).status).toBe(200);
  });

  it('up to 60 s: a longer wait is not taken and the response comes back as it is', async () => {
    const { fetch, requests } = scriptedFetch([status(429, { 'Retry-After': '61' }), status(200)]);
    const response = await settle(retryingFetch(fetch)(new Request(URL_)));
    expect(response.status).toBe(429);
    expect(requests).toHaveLength(1);
  });

  it('parses both forms and ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('retryingFetch never retries POST', () => {
  it('returns a 503 to a POST after one call', async () => {
    const { fetch, requests } = scriptedFetch([status(503), status(200)]);
    const response = await settle(
      retryingFetch(fetch)(new Request(URL_, { method: 'POST', body: '{"orderId":"1"}' })),
    );
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  it('passes a POST network error through after one call', async () => {
    const { fetch, requests } = scriptedFetch([new TypeError('fetch failed'), status(200)]);
    await expect(settle(retryingFetch(fetch)(URL_, { method: 'POST', body: 'x' }))).rejects.toThrow(
      'fetch failed',
    );
    expect(requests).toHaveLength(1);
    expect(await requests[0]!.text()).toBe('x');
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('nor %s', async (method) => {
    const { fetch, requests } = scriptedFetch([status(503)]);
    await settle(retryingFetch(fetch)(new Request(URL_, { method })));
    expect(requests).toHaveLength(1);
  });
});

describe('retryingFetch aborts promptly', () => {
  it('an abort during a backoff rejects at once with no further attempt', async () => {
    const controller = new AbortController();
    const { fetch, requests } = scriptedFetch([status(503), status(200)]);
    const promise = retryingFetch(fetch, { signal: controller.signal, random: () => 0.9 })(new Request(URL_));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(1);
  });

  it("the request's own signal stops the retries as well, and reaches the attempt in flight", async () => {
    const controller = new AbortController();
    const hang = (request: Request) =>
      new Promise<Response>((_, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason)),
      );
    const { fetch, requests } = scriptedFetch([hang]);
    const promise = retryingFetch(fetch)(new Request(URL_, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    await vi.runAllTimersAsync();
    expect(requests).toHaveLength(1);
  });

  it('attemptTimeoutMs cuts a hanging attempt and retries it as a timeout', async () => {
    const hang = (request: Request) =>
      new Promise<Response>((_, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason)),
      );
    const { fetch, requests } = scriptedFetch([hang, status(200)]);
    const promise = retryingFetch(fetch, { attemptTimeoutMs: 1000, random: () => 0 })(new Request(URL_));
    await vi.advanceTimersByTimeAsync(999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // the attempt times out at 1000 ms; the retry follows a 0 ms backoff
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    expect((await promise).status).toBe(200);
  });
});

describe('retryingFetch beneath openapi-fetch', () => {
  it('resends the request signed once, byte for byte, on every attempt', async () => {
    const { fetch, requests } = scriptedFetch([status(502), status(200)]);
    const client = createClient<paths>({
      baseUrl: 'https://openapi.dajisaas.com',
      fetch: retryingFetch(fetch),
    });
    client.use(signingMiddleware({ appKey: 'demoKey123', appSecret: 'demoSecret456' }));
    const promise = client.GET('/alibaba/product/keywordQuery', {
      params: { query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } },
      parseAs: 'text',
    });
    await vi.runAllTimersAsync();
    const { response } = await promise;
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.url).toBe(requests[1]!.url);
    expect(new URL(requests[1]!.url).searchParams.getAll('sign')).toEqual([
      '27A00E566F34B4DC634D4CCD0ADC0AC4',
    ]);
  });
});

describe('retryingFetch options', () => {
  it('refuses a missing fetch and bad numbers, naming the option', () => {
    expect(() => retryingFetch(undefined as never)).toThrow(/first argument must be a fetch function/);
    expect(() => retryingFetch(globalThis.fetch, { maxRetries: -1 })).toThrow(
      /maxRetries must be an integer/,
    );
    expect(() => retryingFetch(globalThis.fetch, { baseDelayMs: Number.NaN })).toThrow(/baseDelayMs/);
    expect(() => retryingFetch(globalThis.fetch, { attemptTimeoutMs: 0 })).toThrow(/attemptTimeoutMs/);
  });
});
