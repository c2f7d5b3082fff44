import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '../../src/generated/daji.js';

type Schemas = components['schemas'];
declare const detail: Schemas['ProductDetail'];
declare const order: Schemas['OrderDetail'];

// Live answers carry null where Daji's page shows an object (the mixed-batch settings, the promotion info),
// so under `strict` a nested field can only be read after a check.
describe('nullable nested answers', () => {
  it('refuses to read a nested field of a nullable object without a check', () => {
    // @ts-expect-error sellerMixSetting is null on real products
    void detail.sellerMixSetting.mixAmount;
    // @ts-expect-error promotionModel is null on real products
    void detail.promotionModel.promotionType;
    // @ts-expect-error an order's baseInfo may be null
    void order.baseInfo.status;
    // @ts-expect-error productItems may be null
    void order.productItems.length;
  });

  it('reads them with optional chaining, as null or undefined', () => {
    expectTypeOf(detail.sellerMixSetting?.mixAmount).toExtend<unknown>();
    expectTypeOf(detail.sellerMixSetting).toExtend<object | null | undefined>();
    expectTypeOf<null>().toExtend<typeof detail.promotionModel>();
    expectTypeOf<null>().toExtend<typeof order.baseInfo>();
  });

  it('keeps an open status list: known values and any other text', () => {
    type Status = NonNullable<NonNullable<typeof order.baseInfo>['status']>;
    expectTypeOf<'waitbuyerpay'>().toExtend<Status>();
    expectTypeOf<'a-status-1688-adds-later'>().toExtend<Status>();
  });
});
