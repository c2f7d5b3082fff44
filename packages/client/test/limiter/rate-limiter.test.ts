import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, type DajiLimiterRequest } from '../../src/index.js';

function request(overrides: Partial<DajiLimiterRequest> = {}): DajiLimiterRequest {
  return {
    operationId: 'keywordSearch',
    method: 'GET',
    path: '/alibaba/product/keywordQuery',
    attempt: 1,
    deadline: Date.now() + 30_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Starts `n` acquires at once and records, for each, the fake-clock time it was granted. */
function grantTimes(limiter: ReturnType<typeof createRateLimiter>, n: number, start: number) {
  const times: number[] = [];
  const all = Array.from({ length: n }, () =>
    limiter.acquire(request()).then(() => times.push(Date.now() - start)),
  );
  return { times, all: Promise.all(all) };
}

describe('createRateLimiter (in-process token bucket)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a burst through at once, then spaces requests at the sustained rate', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 3 });
    const start = Date.now();
    const { times, all } = grantTimes(limiter, 6, start);
    await vi.runAllTimersAsync();
    await all;
    expect(times).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it('spaces every request evenly with the default burst of 1', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 4 });
    const start = Date.now();
    const { times, all } = grantTimes(limiter, 3, start);
    await vi.runAllTimersAsync();
    await all;
    expect(times).toEqual([0, 250, 500]);
  });

  it('refills while idle, up to the burst and no more', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 2 });
    await limiter.acquire(request());
    await limiter.acquire(request());
    await vi.advanceTimersByTimeAsync(10_000);
    const start = Date.now();
    const { times, all } = grantTimes(limiter, 3, start);
    await vi.runAllTimersAsync();
    await all;
    expect(times).toEqual([0, 0, 100]);
  });

  it('rejects at once with a TimeoutError when no slot comes before the deadline', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1 });
    await limiter.acquire(request());
    const refused = limiter.acquire(request({ deadline: Date.now() + 500 }));
    await expect(refused).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(refused).rejects.toThrow(/no slot for 1000 ms/);
    // The refused call took no slot: the next one is granted a second after the first.
    const start = Date.now();
    const next = limiter.acquire(request()).then(() => Date.now() - start);
    await vi.runAllTimersAsync();
    expect(await next).toBe(1000);
  });

  it('stops waiting when the signal aborts, with the signal reason, and hands its slot back', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1 });
    await limiter.acquire(request());
    const controller = new AbortController();
    const waiting = limiter.acquire(request({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(300);
    controller.abort(new Error('caller gave up'));
    await expect(waiting).rejects.toThrow('caller gave up');
    const start = Date.now();
    const next = limiter.acquire(request()).then(() => Date.now() - start);
    await vi.runAllTimersAsync();
    expect(await next).toBe(700);
  });

  it('rejects an already aborted signal without taking a slot', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1 });
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(limiter.acquire(request({ signal: controller.signal }))).rejects.toThrow('too late');
    await expect(limiter.acquire(request())).resolves.toBeUndefined();
  });

  it('pauses everyone until Retry-After after a 429, then resumes without a burst', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 5 });
    limiter.throttled?.({ operationId: 'keywordSearch', status: 429, retryAfterMs: 2000 });
    const start = Date.now();
    const { times, all } = grantTimes(limiter, 3, start);
    await vi.runAllTimersAsync();
    await all;
    expect(times).toEqual([2000, 2100, 2200]);
  });

  it('pauses for throttlePauseMs after a 429 without Retry-After', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 100, throttlePauseMs: 500 });
    limiter.throttled?.({ operationId: undefined, status: 429, retryAfterMs: undefined });
    const start = Date.now();
    const granted = limiter.acquire(request()).then(() => Date.now() - start);
    await vi.runAllTimersAsync();
    expect(await granted).toBe(500);
  });

  it.each([
    [{ requestsPerSecond: 0 }, /requestsPerSecond must be a number above 0, got 0/],
    [{ requestsPerSecond: Number.NaN }, /requestsPerSecond/],
    [{ requestsPerSecond: 5, burst: 0 }, /burst must be a whole number ≥ 1, got 0/],
    [{ requestsPerSecond: 5, burst: 1.5 }, /burst/],
    [{ requestsPerSecond: 5, throttlePauseMs: -1 }, /throttlePauseMs/],
  ])('refuses the options %j with a message naming the option', (options, message) => {
    expect(() => createRateLimiter(options)).toThrow(RangeError);
    expect(() => createRateLimiter(options)).toThrow(message);
  });
});
