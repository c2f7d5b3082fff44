// Daji's operations answered from the sandbox's state, after the request passed the same validation and
// signature check as in examples mode. Faults set through the control API are applied here.
import { rankingList, salesTrend } from './analysis.js';
import { type CatalogueProduct, freightFen } from './catalogue.js';
import { type CargoInput, INFERRED, type SandboxEngine } from './engine.js';
import { hashString } from './random.js';
import { stringifyWithDigits } from './raw-json.js';
import * as reply from './replies.js';
import { SearchIndex } from './search-index.js';
import { isObject, type Json, type SandboxOperation } from './spec-samples.js';
import type { Fault, Order, ReceiverAddress, Tenant } from './state.js';

export type Answer =
  | { status: number; body: string }
  /** Leave the request unanswered (a timeout fault). */
  | { hold: true };

type Params = Record<string, unknown>;

const PAY_CHANNEL = 'alipay';

/** Business failures a preparePay fault answers with (1688 wording; codes inferred). */
const PAY_FAULTS = {
  'not-enabled': {
    code: 'PROTOCOL_PAY_NOT_OPEN',
    message: `未开通免密支付 (password-free payment is not enabled on the paying account)${INFERRED}`,
  },
  'insufficient-balance': {
    code: 'BALANCE_NOT_ENOUGH',
    message: `余额不足 (the paying account does not have enough balance)${INFERRED}`,
  },
  'debit-then-error': {
    code: 'PAY_FAILED',
    message: `代扣失败，请稍后重试 (debit failed, try again later)${INFERRED}`,
  },
} as const;

export class SandboxOperations {
  private readonly index = new SearchIndex();

  constructor(
    private readonly engine: SandboxEngine,
    private readonly templates: Map<string, Json>,
  ) {}

  async answer(operation: SandboxOperation, appKey: string, params: Params): Promise<Answer> {
    const tenant = this.engine.tenant(appKey);
    // Cancel also takes the order id as `tradeID` (1688's name, Daji's Chinese table).
    const orderId = text(params.orderId) ?? text(params.tradeID) ?? undefined;
    const fault = await this.takeFaults(tenant, operation, orderId);
    if (fault === 'timeout') return { hold: true };
    if (fault === 'http-500') return { status: 500, body: '' };

    const template = this.templates.get(operation)!;
    const ok = (body: Json): Answer => ({ status: 200, body: stringifyWithDigits(body) });
    switch (operation) {
      case 'keywordSearch':
      case 'imageSearch':
      case 'shopSearch':
        return { status: 200, body: this.search(operation, template, params) };
      case 'getProductDetail': {
        const product = this.product(params.offerId);
        return ok(
          product
            ? reply.productDetail(template, product, (sku) => this.engine.available(tenant, product, sku))
            : notFoundProduct(template, params.offerId),
        );
      }
      case 'estimateFreight': {
        const product = this.product(params.offerId);
        if (!product) return ok(notFoundProduct(template, params.offerId));
        const models = Array.isArray(params.logisticsSkuNumModels)
          ? params.logisticsSkuNumModels.filter(isObject)
          : [];
        const units =
          Number(params.totalNum) || models.reduce((sum, m) => sum + (Number(m.number) || 0), 0) || 1;
        const skuIds = models.map((m) => String(m.skuId));
        return ok(reply.freightEstimate(template, product, freightFen(product, units), skuIds));
      }
      case 'getRankingList':
        return ok(rankingList(template, this.engine.catalogue.products, params));
      case 'getDailySalesTrend':
        return ok(salesTrend(template, this.product(params.offerId), params));
      case 'previewOrder': {
        const priced = this.engine.price(tenant, cargoOf(params));
        return ok(
          'cart' in priced
            ? reply.orderPreview(template, priced.cart)
            : reply.orderPreviewFailed(template, priced.failures, priced.refusal),
        );
      }
      case 'createOrder': {
        // The same merchant order number again (a retry after a timeout) gets the order it created.
        const third = text(params.thirdOrderId) ?? text(params.outOrderId);
        const existing = third === null ? undefined : findByOutOrderId(tenant, third);
        if (existing) return ok(reply.orderCreated(template, existing));
        const priced = this.engine.price(tenant, cargoOf(params));
        if (!('cart' in priced)) {
          const first = priced.failures[0];
          const refusal = priced.refusal ?? { code: first!.errorCode, message: first!.errorMessage };
          return ok(reply.orderNotCreated(template, refusal, priced.failures));
        }
        const order = this.engine.createOrder(tenant, priced.cart, {
          address: addressOf(params.addressParam),
          outOrderId: third,
          message: text(params.message),
        });
        return ok(reply.orderCreated(template, order));
      }
      case 'getOrderDetail': {
        const order = orderId === undefined ? undefined : tenant.orders.get(orderId);
        return ok(
          order
            ? reply.orderDetail(template, order, this.engine.catalogue.byOfferId)
            : reply.orderNotFound(template, String(params.orderId)),
        );
      }
      case 'cancelOrder': {
        const order = this.order(tenant, orderId);
        if (!order) return ok(reply.cancelReply(template, notExist(orderId, true)));
        return ok(
          reply.cancelReply(
            template,
            this.engine.cancel(tenant, order, text(params.cancelReason) ?? 'buyerCancel'),
          ),
        );
      }
      case 'confirmReceipt': {
        const order = this.order(tenant, orderId);
        if (!order) {
          return ok(
            reply.receiptReply(template, {
              code: '4003',
              message: '订单信息不存在,请核对后重试 (no such order for this app)',
            }),
          );
        }
        const entries = Array.isArray(params.orderEntryIds) ? params.orderEntryIds.map(String) : [];
        const unknown = entries.filter((id) => !order.lines.some((l) => l.entryId === id));
        if (unknown.length > 0) {
          return ok(
            reply.receiptReply(template, {
              code: '4003',
              message: `子订单不存在 (order ${order.orderId} has no sub-order ${unknown.join(', ')}; use productItems[].subItemIDString)`,
            }),
          );
        }
        return ok(reply.receiptReply(template, this.engine.confirmReceipt(tenant, order)));
      }
      case 'getPaymentLinks': {
        const ids = String(params.orderIdList ?? '')
          .replace(/[[\]"]/g, ' ')
          .split(/[\s,;]+/)
          .filter(Boolean);
        const payable: string[] = [];
        const refused: { orderId: string; reason: string }[] = [];
        for (const id of ids) {
          const order = tenant.orders.get(id);
          if (!order) refused.push({ orderId: id, reason: notExist(id).message });
          else if (order.status !== 'waitbuyerpay')
            refused.push({ orderId: id, reason: this.engine.refuse(order, 'pay')!.message });
          else payable.push(id);
        }
        return ok(reply.paymentLinks(template, payable, refused));
      }
      case 'preparePay': {
        const order = this.order(tenant, orderId);
        if (!order) return ok(reply.payReply(template, notExist(orderId)));
        if (fault === 'not-enabled' || fault === 'insufficient-balance')
          return ok(reply.payReply(template, PAY_FAULTS[fault]));
        const outcome = this.engine.pay(tenant, order, PAY_CHANNEL);
        if ('code' in outcome) return ok(reply.payReply(template, outcome));
        // The money moved; now the answer is lost, or says the debit failed.
        if (fault === 'debit-then-timeout') return { hold: true };
        if (fault === 'debit-then-error') return ok(reply.payReply(template, PAY_FAULTS['debit-then-error']));
        return ok(reply.payReply(template, { channel: outcome.channel }));
      }
    }
  }

  /** Applies latency faults now and returns the one other fault this call meets, if any. */
  private async takeFaults(
    tenant: Tenant,
    operation: string,
    orderId: string | undefined,
  ): Promise<Fault['kind'] | undefined> {
    let kind: Fault['kind'] | undefined;
    let delay = 0;
    let changed = false;
    for (const fault of tenant.faults) {
      if (fault.remaining <= 0 || fault.operation !== operation) continue;
      if (fault.orderId !== null && fault.orderId !== orderId) continue;
      if (fault.kind === 'latency') {
        delay += fault.ms ?? 0;
      } else if (kind === undefined) {
        kind = fault.kind;
      } else continue;
      fault.remaining--;
      changed = true;
    }
    if (changed) {
      tenant.faults = tenant.faults.filter((f) => f.remaining > 0);
      this.engine.touch(tenant);
    }
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return kind;
  }

  private search(operation: SandboxOperation, template: Json, params: Params): string {
    const all = this.engine.catalogue.products;
    let products: CatalogueProduct[];
    if (operation === 'imageSearch') {
      // The same picture finds the same products in the same order.
      const shift = hashString(String(params.imageId ?? params.imageAddress ?? '')) % all.length;
      products = [...all.slice(shift), ...all.slice(0, shift)];
    } else {
      const scoped =
        operation === 'shopSearch' ? all.filter((p) => p.seller.openId === params.sellerOpenId) : all;
      const keyword = text(params.keyword)?.toLowerCase();
      const matching = keyword ? this.index.matching(scoped, keyword) : scoped;
      // Like 1688's fuzzy search, a keyword that matches no title still lists the (shop's) products.
      products = matching.length > 0 ? matching : scoped;
    }
    const page = Math.max(1, Number(params.beginPage) || 1);
    const pageSize = Math.min(50, Math.max(1, Number(params.pageSize) || 20));
    return reply.searchPage(template, products, page, pageSize, (product) =>
      this.index.summary(operation, template, product),
    );
  }

  private product(offerId: unknown): CatalogueProduct | undefined {
    return this.engine.catalogue.byOfferId.get(String(offerId));
  }

  private order(tenant: Tenant, orderId: string | undefined): Order | undefined {
    return orderId === undefined ? undefined : tenant.orders.get(orderId);
  }
}

function findByOutOrderId(tenant: Tenant, outOrderId: string): Order | undefined {
  for (const order of tenant.orders.values()) if (order.outOrderId === outOrderId) return order;
  return undefined;
}

/** 1688 documents ORDER_NOT_EXIST for cancel only; elsewhere the code is inferred. */
function notExist(orderId: string | undefined, documented = false) {
  return {
    code: 'ORDER_NOT_EXIST',
    message: `订单不存在 (order ${orderId ?? '?'} does not exist for this app)${documented ? '' : INFERRED}`,
  };
}

function notFoundProduct(template: Json, offerId: unknown): Json {
  return reply.businessFailure(
    template,
    `商品不存在 (offer ${String(offerId)} is not in the sandbox catalogue)`,
  );
}

function cargoOf(params: Params): CargoInput[] {
  return Array.isArray(params.cargoParamList)
    ? (params.cargoParamList.filter(isObject) as unknown as CargoInput[])
    : [];
}

function addressOf(value: unknown): ReceiverAddress {
  const a = isObject(value) ? value : {};
  return {
    fullName: text(a.fullName) ?? '',
    mobile: text(a.mobile) ?? '',
    phone: text(a.phone),
    postCode: text(a.postCode) ?? '',
    provinceText: text(a.provinceText) ?? '',
    cityText: text(a.cityText) ?? '',
    areaText: text(a.areaText) ?? '',
    townText: text(a.townText),
    address: text(a.address) ?? '',
    districtCode: text(a.districtCode),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
