// The whole purchase flow against the local Daji sandbox, through the real client:
// ranking list → daily sales of its best seller → keyword search → product detail → freight estimate → order preview → create order → order detail →
// password-free pay (bounded retry) → the seller ships (the sandbox clock moves 48 h) → confirm receipt,
// with a push receiver printing every message the order's changes send.
// Run it with `pnpm demo`. It starts the sandbox and the receiver on free ports, prints one line per step
// and exits.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDajiClient, unwrap } from '@daji-openapi/client';
import { createMessageHandler, toNodeListener } from '@daji-openapi/client/messages';
import { startMockServer } from '@daji-openapi/mock-server';
import { payOrder } from '@daji-openapi/retry-policies';

// Demo credentials: the sandbox checks signatures with them exactly like Daji checks yours.
const appKey = 'demoKey123';
const appSecret = 'demoSecret456';

const mock = await startMockServer({
  port: 0,
  mode: 'sandbox',
  verifySignature: { appKey, appSecret },
  sandbox: { push: { firstRetryMs: 100 } },
});
const client = createDajiClient({ appKey, appSecret, baseUrl: mock.url });

// Your push receiver: verifies each message's signature, drops duplicates, answers 200 once handled.
let pushes = 0;
const receiver = createServer(
  toNodeListener(
    createMessageHandler({
      appSecret,
      onMessage: (message) => {
        pushes++;
        const data = message.data as { orderId?: string; currentStatus?: string };
        console.log(
          `${'  push'.padEnd(18)} ${message.type} — order ${data.orderId} is ${data.currentStatus}`,
        );
      },
    }),
  ),
);
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/daji/messages`;

/** The sandbox's control API: what a test or a demo uses to steer its app's sandbox. */
async function control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${mock.url}/__sandbox/${path}?appKey=${appKey}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${String(answer.error)}`);
  return answer;
}

/** Waits (at most 10 s) until every push is delivered, so their lines come before the next step's. */
async function pushesSettled(): Promise<void> {
  for (const until = Date.now() + 10_000; Date.now() < until; ) {
    const { deliveries } = (await control('GET', 'deliveries')) as { deliveries: { status: string }[] };
    if (deliveries.every((d) => d.status !== 'pending')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('pushes were not delivered within 10 s');
}

/** 1688's trade APIs count money in fen (1/100 yuan); print it as yuan. */
function yuan(fen: number | null | undefined): string {
  return fen == null ? '-' : `¥${(fen / 100).toFixed(2)}`;
}

function step(name: string, detail: string, traceId: string | undefined): void {
  console.log(`${name.padEnd(18)} ${detail}  [traceId ${traceId ?? '-'}]`);
}

try {
  console.log(`Daji sandbox on ${mock.url}, push receiver on ${receiverUrl}`);
  await control('PUT', 'push-target', { url: receiverUrl });

  // What to stock: the best seller of the dresses category (1038378), and how it sold this past week.
  const hotResult = await client.GET('/alibaba/product/topListQuery', {
    params: { query: { rankId: '1038378', rankType: 'hot', limit: 10, language: 'en' } },
  });
  const hot = await unwrap(hotResult);
  const best = hot.rankProductModels?.[0];
  if (!best?.itemId) throw new Error('the ranking list is empty');
  step(
    'ranking list',
    `${hot.rankName}: #1 ${best.itemId} "${best.translateTitle}", ${best.soldOut} sold in 30 days`,
    hotResult.data?.traceId,
  );
  /** `yyyyMMdd` of the China day `offset` days from today. */
  const chinaDay = (offset: number) =>
    new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const trendResult = await client.GET('/alibaba/product/getPerdaySellQuantityTrend', {
    params: { query: { offerId: Number(best.itemId), startDate: chinaDay(-7), endDate: chinaDay(-1) } },
  });
  const days = await unwrap(trendResult);
  step('daily sales', `last 7 days: ${days.map((d) => d.value || '-').join(' ')}`, trendResult.data?.traceId);

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
    params: { query: { offerId: Number(first.offerId), country: 'en' } },
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
      offerId: Number(product.offerId),
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
  // Products without specs are ordered without a specId.
  const cargo = [
    { offerId: Number(product.offerId), ...(sku?.specId ? { specId: sku.specId } : {}), quantity: 5 },
  ];

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
  await pushesSettled();

  async function showOrder() {
    const orderResult = await client.POST('/alibaba/trade/get/buyerView', {
      body: { orderId, webSite: '1688' },
    });
    const order = await unwrap(orderResult);
    const items = order.productItems ?? [];
    const parcel = order.nativeLogistics?.logisticsItems?.[0];
    step(
      'order detail',
      `order ${order.baseInfo?.idOfStr}: ${order.baseInfo?.status}, ${items.length} item(s), total ¥${order.baseInfo?.totalAmount}` +
        (parcel ? `, shipped by ${parcel.logisticsCompanyName} ${parcel.logisticsBillNo}` : ''),
      orderResult.data?.traceId,
    );
    return items;
  }
  await showOrder();

  const payment = await payOrder(client, { orderId });
  step(
    'pay (no password)',
    `${payment.status} via ${payment.channel ?? '-'} after ${payment.attempts} attempt(s)`,
    payment.traceIds.at(-1),
  );
  await pushesSettled();
  await showOrder();

  const clock = await control('POST', 'clock/advance', { hours: 48 });
  step('sandbox clock', `+48 h, now ${String(clock.now)}: the seller ships`, undefined);
  await pushesSettled();
  const items = await showOrder();

  const confirmResult = await client.POST('/alibaba/trade/receiveGoods/confirm', {
    body: { orderId, orderEntryIds: items.map((item) => String(item.subItemIDString ?? item.subItemID)) },
  });
  const confirmed = await unwrap(confirmResult);
  step(
    'confirm receipt',
    `success: ${confirmed.result?.success ?? confirmed.success}`,
    confirmResult.data?.traceId,
  );
  await pushesSettled();
  await showOrder();

  const ledger = (await control('GET', 'ledger')) as { debits: { amount: number }[] };
  console.log(
    `purchase flow complete: ${ledger.debits.length} debit of ${yuan(ledger.debits[0]?.amount)}, ${pushes} pushes received`,
  );
} finally {
  await mock.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
}
