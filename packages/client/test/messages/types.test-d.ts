import { describe, expectTypeOf, it } from 'vitest';
import type {
  AnyDajiMessage,
  DajiMessage,
  DajiMessageOf,
  DajiMessageType,
  MessageHandlerOptions,
  UnknownDajiMessage,
} from '../../src/messages.js';
import { isKnownMessage } from '../../src/messages.js';

declare const incoming: AnyDajiMessage;

describe('push message types', () => {
  it('narrows data by switching on type once the topic is known', () => {
    if (!isKnownMessage(incoming)) {
      expectTypeOf(incoming).toEqualTypeOf<UnknownDajiMessage>();
      expectTypeOf(incoming.data).toBeUnknown();
      return;
    }
    switch (incoming.type) {
      case 'ORDER_BUYER_VIEW_ORDER_PAY':
        expectTypeOf(incoming.data.orderId).toEqualTypeOf<string>();
        // An open list: the documented statuses, and any other text 1688 may add.
        expectTypeOf(incoming.data.currentStatus).toExtend<string>();
        expectTypeOf<'waitsellersend' | 'a-status-1688-adds-later'>().toExtend<
          typeof incoming.data.currentStatus
        >();
        expectTypeOf<
          Extract<typeof incoming.data.currentStatus, 'waitsellersend'>
        >().toEqualTypeOf<'waitsellersend'>();
        // @ts-expect-error order topics have no logistics model
        void incoming.data.OrderLogisticsTracingModel.mailNo;
        break;
      case 'LOGISTICS_BUYER_VIEW_TRACE':
        // Answers are read tolerantly: a field 1688 may leave out or send as null is typed so.
        expectTypeOf(incoming.data.OrderLogisticsTracingModel.mailNo).toEqualTypeOf<
          string | null | undefined
        >();
        expectTypeOf(incoming.data.OrderLogisticsTracingModel.statusChanged).toExtend<
          'CONSIGN' | 'SIGN' | (string & {}) | null | undefined
        >();
        // The spec lets 1688 add fields, so an undeclared one is `unknown`, never a typed order id.
        expectTypeOf(incoming.data.orderId).toBeUnknown();
        break;
      case 'ORDER_BATCH_PAY':
        expectTypeOf(incoming.data.batchPay[0]!.orderId).toEqualTypeOf<string | undefined>();
        break;
      default:
        expectTypeOf(incoming.type).toExtend<DajiMessageType>();
    }
  });

  it('gives msgId as a string for every message', () => {
    expectTypeOf<DajiMessage['msgId']>().toEqualTypeOf<string>();
    expectTypeOf<AnyDajiMessage['msgId']>().toEqualTypeOf<string>();
  });

  it('has no topic outside the spec in DajiMessage', () => {
    expectTypeOf<'ORDER_BUYER_VIEW_ORDER_PAY'>().toExtend<DajiMessageType>();
    expectTypeOf<'PRODUCT_PRODUCT_INVENTORY_CHANGE'>().not.toExtend<DajiMessageType>();
    expectTypeOf<
      DajiMessageOf<'ORDER_BUYER_VIEW_ORDER_PAY'>['type']
    >().toEqualTypeOf<'ORDER_BUYER_VIEW_ORDER_PAY'>();
  });

  it('hands onMessage the known and unknown topics alike', () => {
    expectTypeOf<Parameters<MessageHandlerOptions['onMessage']>[0]>().toEqualTypeOf<AnyDajiMessage>();
  });
});
