import { createDajiClient, type DajiClient, type DajiClientOptions } from '../../src/index.js';

export const APP_KEY = 'demoKey123';
export const APP_SECRET = 'demoSecret456';

/** A Daji success envelope as the real API sends it. */
export function envelope(data: unknown, extra: Record<string, unknown> = {}) {
  return {
    code: 200,
    message: '操作成功',
    data,
    timestamp: 1724224057972,
    traceId: '6b9849c1a5b0',
    ...extra,
  };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
}

type Handler = (request: Request) => Response | Promise<Response>;
type Observed<T extends boolean> = { client: DajiClient<T>; requests: Request[] };

/**
 * A client whose `fetch` is the test's own handler: the test sees the real, signed `Request` and
 * answers with any `Response`. No global is mocked.
 */
export function createObservedClient(
  options: Partial<DajiClientOptions> & { throwOnError: true },
  onRequest: Handler,
): Observed<true>;
export function createObservedClient(
  options: Partial<DajiClientOptions>,
  onRequest: Handler,
): Observed<false>;
export function createObservedClient(
  options: Partial<DajiClientOptions>,
  onRequest: Handler,
): Observed<boolean> {
  const requests: Request[] = [];
  const client = createDajiClient({
    appKey: APP_KEY,
    appSecret: APP_SECRET,
    ...options,
    fetch: async (request: Request) => {
      requests.push(request.clone());
      return onRequest(request);
    },
  });
  return { client, requests };
}

/** A logger that keeps every line it is given. */
export function memoryLogger() {
  const lines: { level: 'info' | 'warn'; message: string; record?: unknown }[] = [];
  return {
    lines,
    logger: {
      info: (message: string, record: unknown) => lines.push({ level: 'info', message, record }),
      warn: (message: string, record?: unknown) => lines.push({ level: 'warn', message, record }),
    },
  };
}
