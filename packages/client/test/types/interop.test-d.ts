// The client plugs into the other packages of this repository without casts.
import type { PayOrderClient } from '@daji-openapi/retry-policies';
import { retryingFetch } from '@daji-openapi/retry-policies';
import { describe, expectTypeOf, it } from 'vitest';
import { createDajiClient, type DajiClient } from '../../src/index.js';

describe('interop', () => {
  it('a Daji client is a PayOrderClient for payOrder, with or without throwOnError', () => {
    expectTypeOf<DajiClient<false>>().toExtend<PayOrderClient>();
    expectTypeOf<DajiClient<true>>().toExtend<PayOrderClient>();
  });

  it('retryingFetch can be the client’s fetch', () => {
    createDajiClient({ appKey: 'k', appSecret: 's', fetch: retryingFetch(globalThis.fetch) });
  });
});
