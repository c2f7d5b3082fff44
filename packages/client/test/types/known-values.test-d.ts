// Open response enums: a field the spec marks with `x-daji-known-values` is typed as its known literals plus
// `string & Record<never, never>` — editors complete the documented values, comparisons with them compile, and a value Daji adds
// later is still a valid answer.
import { describe, expectTypeOf, it } from 'vitest';
import type { components, DataOf } from '../../src/index.js';

type Detail = DataOf<'getOrderDetail'>;
declare const detail: Detail;
type OrderStatus = NonNullable<NonNullable<Detail['baseInfo']>['status']>;

describe('open response enums', () => {
  it("types the order detail's status as the known literals plus any string", () => {
    expectTypeOf<'waitbuyerpay'>().toExtend<OrderStatus>();
    expectTypeOf<'waitsellersend'>().toExtend<OrderStatus>();
    expectTypeOf<'terminated'>().toExtend<OrderStatus>();
    // An unknown value is assignable: the type stays open.
    const later: OrderStatus = 'a-status-1688-adds-later';
    expectTypeOf(later).toExtend<string>();
    expectTypeOf<string>().toExtend<OrderStatus>();
    // …but the literals are kept, not absorbed into `string`.
    expectTypeOf<OrderStatus>().not.toEqualTypeOf<string>();
    // @ts-expect-error a number is no status
    const wrong: OrderStatus = 7;
    void wrong;
    expectTypeOf<Extract<OrderStatus, 'waitbuyerpay'>>().toEqualTypeOf<'waitbuyerpay'>();
  });

  it('compares a read status with a known value, and narrows on it', () => {
    const status = detail.baseInfo?.status;
    expectTypeOf(status).toExtend<string | null | undefined>();
    if (status === 'waitbuyerpay') expectTypeOf(status).toExtend<string>();
    // @ts-expect-error a number is no status
    void (status === 7);
    // A comparison with a value the types do not name also compiles (the union includes `string`).
    void (status === 'waitsellerconfirm_new');
  });

  it('keeps null where the schema admits it, and not where it does not', () => {
    expectTypeOf<null>().toExtend<NonNullable<Detail['baseInfo']>['status']>();
    type BatchStatus = components['schemas']['BatchPayItem']['status'];
    expectTypeOf<'successed'>().toExtend<BatchStatus>();
    expectTypeOf<'SOMETHING_NEW'>().toExtend<BatchStatus>();
    expectTypeOf<null>().not.toExtend<BatchStatus>();
  });

  it('types push fields the same way', () => {
    type Operator = NonNullable<components['schemas']['OrderRefundMessageData']['operator']>;
    expectTypeOf<'buyer' | 'seller' | 'system'>().toExtend<Operator>();
    expectTypeOf<'platform'>().toExtend<Operator>();
    expectTypeOf<Extract<Operator, 'seller'>>().toEqualTypeOf<'seller'>();
  });

  it('leaves fields without known values as plain strings', () => {
    type Remark = NonNullable<components['schemas']['OrderBaseInfo']['remark']>;
    expectTypeOf<Remark>().toEqualTypeOf<string>();
  });
});
