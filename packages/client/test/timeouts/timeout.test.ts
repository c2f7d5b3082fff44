import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DajiTimeoutError } from '../../src/index.js';
import { createObservedClient, envelope, json, memoryLogger } from '../helpers/observed-client.js';

const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;

/** A server that never answers, but lets go when the request is aborted. */
function hang(request: Request): Promise<Response> {
  return new Promise((_, reject) =>
    request.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
  );
}

describe('timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives up after the default 30 000 ms with a DajiTimeoutError', async () => {
    const { logger, lines } = memoryLogger();
    const { client } = createObservedClient({ logger }, hang);
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
    const settled = call.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await settled;
    expect(error).toBeInstanceOf(DajiTimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', operationId: 'keywordSearch' });
    expect((error as Error).message).toContain('30000 ms');
    expect(lines.at(-1)?.record).toMatchObject({ error: 'DajiTimeoutError', durationMs: 30_000 });
  });

  it('honours the client timeoutMs and a per-call override', async () => {
    const { client } = createObservedClient({ timeoutMs: 5_000 }, hang);
    const byClient = client
      .GET('/alibaba/product/keywordQuery', { params: { query } })
      .catch((e: unknown) => e);
    const byCall = client
      .GET('/alibaba/product/keywordQuery', { params: { query }, timeoutMs: 100 })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(await byCall).toBeInstanceOf(DajiTimeoutError);
    await vi.advanceTimersByTimeAsync(4_900);
    expect(await byClient).toBeInstanceOf(DajiTimeoutError);
  });

  it('times out even when the fetch ignores the abort signal', async () => {
    const { client } = createObservedClient({ timeoutMs: 1_000 }, () => new Promise<Response>(() => {}));
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await call).toBeInstanceOf(DajiTimeoutError);
  });

  it('covers a body that stalls after the headers arrived', async () => {
    const { client } = createObservedClient({ timeoutMs: 2_000 }, () => {
      const stalled = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"code":'));
        },
      });
      return new Response(stalled, { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await call).toBeInstanceOf(DajiTimeoutError);
  });

  it('clears its timer when the answer arrives in time', async () => {
    const { client } = createObservedClient({}, () => json(envelope({ data: [] })));
    const { data } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(data?.code).toBe(200);
    expect(vi.getTimerCount()).toBe(0);
  });
});
