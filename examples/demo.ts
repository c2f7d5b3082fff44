// The whole purchase flow against a local mock Daji, through the real client:
// keyword search → product detail → freight estimate → order preview → create order →
// password-free pay (bounded retry) → order detail → confirm receipt.
// Run it with `pnpm demo`. It starts the mock on a free port, prints one line per step and exits.
import { createDajiClient, unwrap } from '@daji-openapi/client';
import { startMockServer } from '@daji-openapi/mock-server';
import { payOrder } from '@daji-openapi/retry-policies';

// Demo credentials: the mock checks signatures with them exactly like Daji checks yours.
const appKey = 'demoKey123';
const appSecret = 'demoSecret456';

const mock = await startMockServer({ port: 0, verifySignature: { appKey, appSecret } });
const client = createDajiClient({ appKey, appSecret, baseUrl: mock.url });

/** 1688's trade APIs count money in fen (1/100 yuan); print it as yuan. */
function yuan(fen: number | null | undefined): string {
  return fen == null ? '-' : `¥${(fen / 100).toFixed(2)}`;
}

function step(name: string, detail: string, traceId: string | undefined): void {
  console.log(`${name.padEnd(18)} ${detail}  [traceId ${traceId ?? '-'}]`);
}

try {
  console.log(`mock Daji on ${mock.url}`);

  const search = await client.GET('/alibaba/product/keywordQuery', {
    params: { query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } },
  });
  const page = await unwrap(search);
  const first = page.data?.[0];
  if (!first) throw new Error('keyword search returned no products');
  step(
    'keyword search',
    `${page.totalRecords} hits, first: ${first.offerId} "${first.subjectTrans}"`,
    search.data?.traceId,
  );

  const detailResult = await client.GET('/alibaba/product/queryProductDetail', {
    params: { query: { offerId: String(first.offerId), country: 'en' } },
  });
  const product = await unwrap(detailResult);
  const sku = product.productSkuInfos?.[0];
  step(
    'product detail',
    `${product.subjectTrans} — ${product.productSkuInfos?.length ?? 0} SKUs, MOQ ${product.minOrderQuantity}`,
    detailResult.data?.traceId,
  );

  const freightResult = await client.POST('/alibaba/product/freightEstimate', {
    body: {
      offerId: product.offerId,
      toProvinceCode: '330000',
      toCityCode: '330100',
      toCountryCode: '330108',
      totalNum: 5,
      logisticsSkuNumModels: [{ skuId: String(sku?.skuId ?? ''), number: 5 }],
    },
  });
  const freight = await unwrap(freightResult);
  step(
    'freight',
    `¥${freight.freight} to Hangzhou (${freight.templateName ?? 'template'})`,
    freightResult.data?.traceId,
  );

  const address = {
    fullName: '张三',
    mobile: '13800000000',
    provinceText: '浙江省',
    cityText: '杭州市',
    areaText: '西湖区',
    address: '文三路 100 号 集运仓',
    postCode: '310000',
  };
  const cargo = [{ offerId: Number(product.offerId), specId: sku?.specId ?? '', quantity: 5 }];

  const previewResult = await client.POST('/alibaba/createOrder/preview', {
    body: { addressParam: address, cargoParamList: cargo, flow: 'general' },
  });
  const preview = await unwrap(previewResult);
  const quote = preview.orderPreviewResuslt?.[0];
  step(
    'order preview',
    `total ${yuan(quote?.sumPayment)} incl. ${yuan(quote?.sumCarriage)} shipping`,
    previewResult.data?.traceId,
  );

  const createResult = await client.POST('/alibaba/trade/createCrossOrder', {
    body: { addressParam: address, cargoParamList: cargo, flow: 'general', thirdOrderId: 'demo-0001' },
  });
  const created = await unwrap(createResult);
  const orderId = created.orderId ?? '';
  step('create order', `order ${orderId}, ${yuan(created.totalSuccessAmount)}`, createResult.data?.traceId);

  const payment = await payOrder(client, { orderId });
  step(
    'pay (no password)',
    `${payment.status} via ${payment.channel ?? '-'} after ${payment.attempts} attempt(s)`,
    payment.traceIds.at(-1),
  );

  const orderResult = await client.POST('/alibaba/trade/get/buyerView', {
    body: { orderId, webSite: '1688' },
  });
  const order = await unwrap(orderResult);
  const items = order.productItems ?? [];
  step(
    'order detail',
    `status ${order.baseInfo?.status}, ${items.length} item(s), total ¥${order.baseInfo?.totalAmount}`,
    orderResult.data?.traceId,
  );

  const confirmResult = await client.POST('/alibaba/trade/receiveGoods/confirm', {
    body: { orderId, orderEntryIds: items.map((item) => String(item.subItemIDString ?? item.subItemID)) },
  });
  const confirmed = await unwrap(confirmResult);
  step(
    'confirm receipt',
    `success: ${confirmed.result?.success ?? confirmed.success}`,
    confirmResult.data?.traceId,
  );

  console.log('purchase flow complete');
} finally {
  await mock.close();
}
