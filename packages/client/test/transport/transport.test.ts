import { describe, expect, it } from 'vitest';
import { DajiHttpError, DajiNetworkError } from '../../src/index.js';
import { createObservedClient, envelope, json } from '../helpers/observed-client.js';

const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;

describe('transport', () => {
  it('hands back the answer fetch gave, read once, with 19-digit ids exact', async () => {
    let sent: Response | undefined;
    const { client } = createObservedClient({}, () => {
      sent = json(
        '{"code":200,"message":"ok","data":{"orderId":2237938826932135493},"timestamp":1,"traceId":"t"}',
      );
      return sent;
    });
    const { data, response } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(response).toBe(sent);
    expect(response.bodyUsed).toBe(true);
    expect((data?.data as unknown as { orderId: string } | undefined)?.orderId).toBe('2237938826932135493');
  });

  it('lets middleware added with use() read the answer before the client does', async () => {
    const { client } = createObservedClient({}, () => json(envelope({ items: [] })));
    const seen: unknown[] = [];
    client.use({
      async onResponse({ response }) {
        seen.push(await response.clone().json());
        return undefined;
      },
    });
    const { data } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(data?.code).toBe(200);
    expect(seen).toEqual([envelope({ items: [] })]);
  });

  it('reports a success body that breaks off as a DajiNetworkError', async () => {
    const { client } = createObservedClient({}, () => {
      const broken = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"code":200,'));
          controller.error(new Error('socket hang up'));
        },
      });
      return new Response(broken, { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const call = client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await expect(call).rejects.toBeInstanceOf(DajiNetworkError);
    await expect(call).rejects.toMatchObject({ code: 'NETWORK', operationId: 'keywordSearch' });
  });

  it('gives the given fetch a Request whose signal aborts when the caller aborts', async () => {
    const signals: AbortSignal[] = [];
    let answer: (response: Response) => void = () => {};
    const { client } = createObservedClient({}, (request) => {
      signals.push(request.signal);
      return new Promise<Response>((resolve) => {
        answer = resolve;
      });
    });
    const caller = new AbortController();
    const call = client
      .GET('/alibaba/product/keywordQuery', { params: { query }, signal: caller.signal })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setImmediate(resolve));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
    caller.abort();
    expect(signals[0]!.aborted).toBe(true);
    answer(json(envelope({ items: [] })));
    expect(await call).toMatchObject({ name: 'DajiAbortError' });
  });

  it('still reads an error body, so a 4xx explains itself', async () => {
    const { client } = createObservedClient({}, () =>
      json({ status: 400, error: 'Bad Request', message: 'pageSize must be at most 50' }, { status: 400 }),
    );
    const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeInstanceOf(DajiHttpError);
    expect(error?.message).toContain('pageSize must be at most 50');
  });
});
