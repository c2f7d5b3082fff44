import { describe, expect, it } from 'vitest';
import { DajiError } from '../../src/index.js';
import {
  APP_SECRET,
  createObservedClient,
  envelope,
  json,
  memoryLogger,
} from '../helpers/observed-client.js';

const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;
const SIGN = '27A00E566F34B4DC634D4CCD0ADC0AC4';

async function everything(requests: Request[]): Promise<string> {
  const parts: string[] = [];
  for (const request of requests) {
    parts.push(request.url, JSON.stringify([...request.headers]), await request.clone().text());
  }
  return parts.join('\n');
}

function dump(error: unknown): string {
  const e = error as DajiError;
  return [
    e.message,
    e.stack,
    JSON.stringify(e),
    JSON.stringify((e as { body?: unknown }).body),
    String(e.cause),
  ].join('\n');
}

describe('redaction', () => {
  it('in sign mode the secret is in no request: not in URLs, headers or bodies', async () => {
    const { client, requests } = createObservedClient({}, () => json(envelope({ success: true })));
    await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId: '2257164624870311973' },
    });
    await client.POST('/alibaba/upload/image', {
      body: {
        image_base64:
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      },
    });
    expect(requests).toHaveLength(3);
    const wire = await everything(requests);
    expect(wire).toContain('appKey');
    expect(wire).not.toContain(APP_SECRET);
    expect(wire).not.toContain('appSecret');
  });

  it('logs method, path, status, traceId and duration — never the secret, the sign or the query', async () => {
    const { logger, lines } = memoryLogger();
    const { client } = createObservedClient({ logger }, () => json(envelope({ data: [] })));
    await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.record).toEqual({
      method: 'GET',
      path: '/alibaba/product/keywordQuery',
      operationId: 'keywordSearch',
      status: 200,
      traceId: '6b9849c1a5b0',
      durationMs: expect.any(Number),
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(APP_SECRET);
    expect(text).not.toContain(SIGN);
    expect(text).not.toContain('连衣裙');
  });

  it('logs a failure with the error class, its code and the trace id', async () => {
    const { logger, lines } = memoryLogger();
    const { client } = createObservedClient({ logger }, () =>
      json({
        code: 500,
        message: '请创建应用，再联系平台进行激活',
        data: null,
        timestamp: 1,
        traceId: '0a1b2c3d4e5f',
      }),
    );
    await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'Daji keywordSearch failed: DajiBusinessError',
        record: {
          method: 'GET',
          path: '/alibaba/product/keywordQuery',
          operationId: 'keywordSearch',
          status: 200,
          traceId: '0a1b2c3d4e5f',
          durationMs: expect.any(Number),
          error: 'DajiBusinessError',
          code: 500,
        },
      },
    ]);
  });

  it('scrubs a secret or sign that a server echoes back out of HTTP and business errors (debug mode too)', async () => {
    const { logger, lines } = memoryLogger();
    let answer: Response = json(
      { status: 400, error: 'Bad Request', message: `bad appSecret=${APP_SECRET}&sign=${SIGN}` },
      { status: 400 },
    );
    const { client } = createObservedClient({ credentials: 'debug-secret', logger }, () => answer);
    const http = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    answer = json({
      code: 401,
      message: `secret ${APP_SECRET} rejected`,
      data: null,
      timestamp: 1,
      traceId: 'abc',
    });
    const business = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    for (const error of [http.error, business.error]) {
      expect(error).toBeInstanceOf(DajiError);
      const text = dump(error);
      expect(text).toContain('[redacted]');
      expect(text).not.toContain(APP_SECRET);
      expect(text).not.toContain(SIGN);
    }
    expect(JSON.stringify(lines.filter((l) => l.record))).not.toContain(APP_SECRET);
  });

  it('keeps the secret out of network errors even when the runtime puts the URL in its message', async () => {
    const { client } = createObservedClient({ credentials: 'debug-secret' }, (request) => {
      throw new TypeError(`fetch failed for ${request.url}`);
    });
    const error = await client
      .GET('/alibaba/product/keywordQuery', { params: { query } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DajiNetworkError' });
    expect((error as Error).message).not.toContain(APP_SECRET);
  });
});
