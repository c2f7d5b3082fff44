// The receiver shown in packages/client/README.md ("Push messages"), kept here so it always compiles.
// Only the import path differs: the README imports '@daji-openapi/client/messages'.
import { createServer } from 'node:http';
import { describe, expectTypeOf, it } from 'vitest';
import type { DajiMessageOf } from '../../src/messages.js';
import { createMessageHandler, isKnownMessage, toNodeListener } from '../../src/messages.js';

type Tracing = DajiMessageOf<'LOGISTICS_BUYER_VIEW_TRACE'>['data']['OrderLogisticsTracingModel'];
declare const db: { markPaid(orderId: string): Promise<void>; recordShipment(trace: Tracing): Promise<void> };

describe('README receiver', () => {
  it('compiles as written', () => {
    const start = () => {
      // --- README snippet ---
      const handler = createMessageHandler({
        appSecret: process.env.DAJI_APP_SECRET!,
        onMessage: async (message) => {
          if (!isKnownMessage(message)) return console.warn('unhandled topic', message.type);
          switch (message.type) {
            case 'ORDER_BUYER_VIEW_ORDER_PAY':
              return db.markPaid(message.data.orderId); // the exact 19-digit id, as a string
            case 'LOGISTICS_BUYER_VIEW_TRACE':
              return db.recordShipment(message.data.OrderLogisticsTracingModel);
          }
        },
      });
      createServer(toNodeListener(handler)).listen(8080, '127.0.0.1');
      // --- end ---
      return handler;
    };
    expectTypeOf(start).returns.toEqualTypeOf<(request: Request) => Promise<Response>>();
  });
});
