// A sandbox on a free port, the real client pointed at it, and a recorder of every answer it gave, so
// each test can also check what went over the wire against the spec.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDajiClient, type DajiClientOptions } from '@daji-openapi/client';
import { createMessageHandler, toNodeListener } from '@daji-openapi/client/messages';
import { type MockServer, type MockServerOptions, startMockServer } from '@daji-openapi/mock-server';

export const app = { appKey: 'demoKey123', appSecret: 'demoSecret456' };

export interface Exchange {
  method: string;
  path: string;
  status: number;
  text: string;
}

export interface Sandbox {
  mock: MockServer;
  url: string;
  /** Every Daji answer the clients made through `client()` received. */
  exchanges: Exchange[];
  client(options?: Partial<DajiClientOptions>): ReturnType<typeof createDajiClient>;
  /** Calls the control API; resolves to the status and parsed JSON. */
  control<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    appKey?: string,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * How long the sandbox waits for one push attempt, unless a test says otherwise. The receiver runs in the
 * test's own process, which a loaded machine can stall for seconds; tests that count attempts must not
 * see a slow answer turned into a failed one.
 */
const PUSH_ATTEMPT_LIMIT_MS = 60_000;

export async function startSandbox(options: MockServerOptions = {}): Promise<Sandbox> {
  const mock = await startMockServer({
    port: 0,
    mode: 'sandbox',
    ...options,
    sandbox: {
      ...options.sandbox,
      push: { attemptTimeoutMs: PUSH_ATTEMPT_LIMIT_MS, ...options.sandbox?.push },
    },
  });
  const exchanges: Exchange[] = [];
  const recording = async (request: Request): Promise<Response> => {
    const response = await fetch(request);
    const text = await response.clone().text();
    exchanges.push({
      method: request.method.toLowerCase(),
      path: new URL(request.url).pathname,
      status: response.status,
      text,
    });
    return response;
  };
  return {
    mock,
    url: mock.url,
    exchanges,
    client: (overrides = {}) =>
      createDajiClient({ ...app, baseUrl: mock.url, fetch: recording, ...overrides }),
    async control(method, path, body, appKey = app.appKey) {
      const separator = path.includes('?') ? '&' : '?';
      const response = await fetch(
        `${mock.url}/__sandbox/${path}${separator}appKey=${encodeURIComponent(appKey)}`,
        {
          method,
          ...(body !== undefined && {
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        },
      );
      return { status: response.status, body: (await response.json()) as never };
    },
    close: () => mock.close(),
  };
}

export const address = {
  fullName: '张三',
  mobile: '13800000000',
  phone: '',
  postCode: '310000',
  provinceText: '浙江省',
  cityText: '杭州市',
  areaText: '西湖区',
  townText: '',
  address: '文三路 100 号 集运仓',
  districtCode: '330106',
};

/** The example product of the spec: offer 670291644950, MOQ 1, several specs. */
export const EXAMPLE_OFFER = 670291644950;
export const EXAMPLE_SPEC = 'b6f1d2c3a4e5f60718293a4b5c6d7e8f';

type Client = ReturnType<typeof createDajiClient>;

let created = 0;

/** Creates an order of `quantity` units of the example product and returns its id. */
export async function createOrder(client: Client, quantity = 2, specId = EXAMPLE_SPEC): Promise<string> {
  const { data, error } = await client.POST('/alibaba/trade/createCrossOrder', {
    body: {
      flow: 'general',
      thirdOrderId: `test-${++created}`,
      addressParam: address,
      cargoParamList: [{ offerId: EXAMPLE_OFFER, specId, quantity }],
    },
  });
  if (error) throw error;
  const orderId = findOrderId(data);
  if (!orderId) throw new Error(`createOrder answered without an order id: ${JSON.stringify(data)}`);
  return orderId;
}

/** `orderId` wherever the create answer keeps it (`data.orderId` or `data.result.orderId`). */
export function findOrderId(envelope: unknown): string | undefined {
  const data = (envelope as { data?: Record<string, unknown> } | undefined)?.data;
  const id = (data?.result as Record<string, unknown> | undefined)?.orderId ?? data?.orderId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The order object of an order-detail answer, nested (`data.result`) or flat (`data`). */
export function orderOf(envelope: unknown): {
  baseInfo: Record<string, unknown>;
  productItems: Record<string, unknown>[];
  nativeLogistics?: Record<string, unknown>;
} {
  const data = (envelope as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  return ((data.result as object | undefined) ?? data) as never;
}

export async function orderStatus(client: Client, orderId: string): Promise<string | undefined> {
  const { data } = await client.POST('/alibaba/trade/get/buyerView', { body: { orderId, webSite: '1688' } });
  return orderOf(data).baseInfo?.status as string | undefined;
}

export interface Receiver {
  url: string;
  /** Every message handled, in arrival order. */
  messages: { type: string; orderId: string; msgId: string; status: string }[];
  /** Raw form bodies received (including refused attempts). */
  bodies: string[];
  close(): Promise<void>;
}

/** A push receiver built on the client's own verifier; it answers 500 to the first `failFirst` attempts. */
export async function startReceiver(appSecret = app.appSecret, failFirst = 0): Promise<Receiver> {
  const messages: Receiver['messages'] = [];
  const bodies: string[] = [];
  let attempts = 0;
  const handle = createMessageHandler({
    appSecret,
    onMessage: (message) => {
      const data = message.data as { orderId?: string; currentStatus?: string };
      messages.push({
        type: message.type,
        orderId: String(data.orderId),
        msgId: String(message.msgId),
        status: String(data.currentStatus),
      });
    },
  });
  const listener = toNodeListener(handle);
  const server: Server = createServer((req, res) => {
    attempts++;
    if (attempts <= failFirst) {
      req.resume();
      res.writeHead(500).end('not yet');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => bodies.push(Buffer.concat(chunks).toString('utf8')));
    listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/daji/messages`,
    messages,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Polls `check` until it returns true: for deliveries that happen in the background. The bound is a limit
 * against hangs, generous enough for a 2-core machine running other suites beside this one.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 60_000,
): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
