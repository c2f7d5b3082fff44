// A stand-in for the real Daji: a plain HTTP server on 127.0.0.1 whose answers each test chooses, and
// which keeps every request it received exactly as it arrived.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import {
  type ConformanceProxy,
  type ConformanceProxyOptions,
  startConformanceProxy,
} from '../../src/proxy/start-conformance-proxy.js';

export interface ReceivedRequest {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

export interface FakeUpstream {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startFakeUpstream(
  answer: (req: ReceivedRequest, res: ServerResponse) => void,
): Promise<FakeUpstream> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method!,
        url: req.url!,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      received.push(r);
      answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  onTestFinished(close); // pass or fail, no server outlives its test
  return { url: `http://127.0.0.1:${port}`, received, close };
}

/** The proxy under test, closed when the test ends (pass or fail) unless the test closed it already. */
export async function startProxy(options: ConformanceProxyOptions): Promise<ConformanceProxy> {
  const proxy = await startConformanceProxy(options);
  onTestFinished(() => proxy.close().then(() => {}));
  return proxy;
}

/** Answers JSON with status 200 unless told otherwise. */
export function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}

export const credentials = {
  appKey: 'liveAppKey9931',
  appSecret: 'liveSecretDoNotLeak7788',
  sign: '0123456789ABCDEF0123456789ABCDEF',
};

/** A small Daji-like spec the tests plant deviations against, independent of the real spec's details. */
export const testSpec = {
  openapi: '3.1.0',
  info: { title: 'Test Daji', version: '9.9.9' },
  paths: {
    '/alibaba/product/keywordQuery': {
      get: {
        operationId: 'keywordSearch',
        parameters: [
          { name: 'appKey', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
          {
            name: 'sign',
            in: 'query',
            required: true,
            schema: { type: 'string', pattern: '^[0-9A-F]{32}$' },
          },
          { name: 'keyword', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
          { name: 'pageSize', in: 'query', schema: { type: 'integer', maximum: 50 } },
        ],
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResponse' } } },
          },
          '400': { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
        },
      },
    },
    '/alibaba/trade/get/buyerView': {
      post: {
        operationId: 'getOrderDetail',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['appKey', 'sign', 'orderId'],
                properties: {
                  appKey: { type: 'string' },
                  sign: { type: 'string' },
                  appSecret: { type: 'string' },
                  orderId: { type: 'string', pattern: '^\\d{19}$' },
                  webSite: { type: 'string', enum: ['1688', 'alibaba'] },
                },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderResponse' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Envelope: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'integer' },
          message: { type: 'string' },
          data: true,
          timestamp: { type: 'integer' },
          traceId: { type: 'string' },
        },
      },
      SearchResponse: {
        allOf: [
          { $ref: '#/components/schemas/Envelope' },
          {
            type: 'object',
            properties: {
              data: {
                oneOf: [
                  {
                    type: 'object',
                    required: ['totalRecords', 'data'],
                    properties: {
                      totalRecords: { type: 'integer' },
                      data: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['offerId'],
                          properties: {
                            offerId: { type: 'integer' },
                            subject: { type: 'string' },
                            price: { type: 'string' },
                          },
                        },
                      },
                    },
                  },
                  { type: 'null' },
                ],
              },
            },
          },
        ],
      },
      OrderResponse: {
        allOf: [
          { $ref: '#/components/schemas/Envelope' },
          {
            type: 'object',
            properties: {
              data: {
                type: ['object', 'null'],
                required: ['baseInfo'],
                properties: {
                  baseInfo: {
                    type: 'object',
                    required: ['id', 'status'],
                    properties: {
                      id: { type: 'string' },
                      status: { type: 'string', enum: ['waitbuyerpay', 'waitsellersend', 'success'] },
                      totalAmount: { type: 'number' },
                      buyerContact: {
                        type: 'object',
                        properties: {
                          name: { type: 'string' },
                          mobile: { type: 'string' },
                          email: { type: 'string' },
                        },
                      },
                      receiverInfo: {
                        type: 'object',
                        properties: {
                          toFullName: { type: 'string' },
                          toMobile: { type: 'string' },
                          toPhone: { type: ['string', 'null'] },
                          toPost: { type: 'string' },
                          toArea: { type: 'string' },
                        },
                      },
                      buyerFeedback: { type: ['string', 'null'] },
                    },
                  },
                },
              },
            },
          },
        ],
      },
      ErrorBody: {
        type: 'object',
        properties: { status: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
        additionalProperties: true,
      },
    },
  },
};

/** An order-detail answer that satisfies testSpec, full of (fake) personal data. */
export function conformingOrder() {
  return {
    code: 200,
    message: '操作成功',
    data: {
      baseInfo: {
        id: '2257164624870311973',
        status: 'waitsellersend',
        totalAmount: 183.5,
        buyerContact: { name: '张三', mobile: '13912345678', email: 'zhang.san@example.cn' },
        receiverInfo: {
          toFullName: '张三',
          toMobile: '13912345678',
          toPhone: '0571-88881234',
          toPost: '310012',
          toArea: '浙江省 杭州市 西湖区 文三路100号 3幢201',
        },
        buyerFeedback: '请周末送货，电话13912345678，邮件 zhang.san@example.cn',
      },
    },
    timestamp: 1723720200000,
    traceId: 'e5f6a7b8c9d0',
  };
}

export function conformingSearch() {
  return {
    code: 200,
    message: '操作成功',
    data: {
      totalRecords: 2,
      data: [{ offerId: 670291644950, subject: '连衣裙', price: '35.10' }, { offerId: 670291644951 }],
    },
    timestamp: 1723720200000,
    traceId: 'e5f6a7b8c9d1',
  };
}
