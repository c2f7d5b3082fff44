// The sandbox's rules: orders and the 1688 order state machine, the money ledger and each tenant's clock.
// Every method is synchronous, so concurrent requests can never interleave inside one change.
import { type Catalogue, type CatalogueProduct, type CatalogueSku, freightFen } from './catalogue.js';
import { hashString } from './random.js';
import {
  type Debit,
  emptyTenant,
  type Order,
  type OrderLine,
  type OrderStatus,
  type ReceiverAddress,
  type Tenant,
} from './state.js';

export interface SandboxTimings {
  /** A paid order ships this many sandbox hours after payment. Default 48. */
  shipAfterHours?: number;
  /** A shipped order is confirmed automatically this many sandbox days after shipping. Default 10. */
  autoConfirmDays?: number;
  /** An unpaid order closes this many sandbox hours after creation. Default 24. */
  unpaidCloseHours?: number;
}

/** One row of the order state machine; the sandbox guide prints this table. */
export interface Transition {
  action: 'pay' | 'cancel' | 'close-unpaid' | 'ship' | 'confirm-receipt' | 'auto-confirm';
  from: OrderStatus;
  to: OrderStatus;
  /** Push topics sent, in order, with the `currentStatus` each carries. */
  pushes: [topic: string, currentStatus: string][];
}

const RECEIVED: Transition['pushes'] = [
  ['ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS', 'confirm_goods'],
  ['ORDER_BUYER_VIEW_ORDER_SUCCESS', 'success'],
];

export const TRANSITIONS: readonly Transition[] = [
  {
    action: 'pay',
    from: 'waitbuyerpay',
    to: 'waitsellersend',
    pushes: [['ORDER_BUYER_VIEW_ORDER_PAY', 'waitsellersend']],
  },
  {
    action: 'cancel',
    from: 'waitbuyerpay',
    to: 'cancel',
    pushes: [['ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE', 'cancel']],
  },
  {
    action: 'close-unpaid',
    from: 'waitbuyerpay',
    to: 'cancel',
    pushes: [['ORDER_BUYER_VIEW_ORDER_BOPS_CLOSE', 'cancel']],
  },
  {
    action: 'ship',
    from: 'waitsellersend',
    to: 'waitbuyerreceive',
    pushes: [['ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS', 'waitbuyerreceive']],
  },
  { action: 'confirm-receipt', from: 'waitbuyerreceive', to: 'success', pushes: RECEIVED },
  { action: 'auto-confirm', from: 'waitbuyerreceive', to: 'success', pushes: RECEIVED },
];
export const CREATED_PUSH = 'ORDER_BUYER_VIEW_BUYER_MAKE';

const HOUR = 3_600_000;
/** 1688 refuses to cancel an order within 10 seconds of its creation (`CLOSE_ORDER_TOO_FAST`). */
const CANCEL_GRACE_MS = 10_000;

export interface CargoInput {
  offerId: unknown;
  specId?: unknown;
  quantity: unknown;
}

export interface CargoFailure {
  offerId: unknown;
  specId: string | null;
  errorCode: string;
  errorMessage: string;
}

export interface PricedLine {
  product: CatalogueProduct;
  sku: CatalogueSku;
  quantity: number;
}

export interface PricedCart {
  lines: PricedLine[];
  productFen: number;
  freightFen: number;
  totalFen: number;
}

/**
 * Ends the message of a refusal whose code Daji does not document (1688 documents only cancel's codes,
 * and Daji's wiki only receipt's 4003): the sandbox follows 1688's trade APIs, and says so.
 */
export const INFERRED = " [inferred code: Daji does not document it; the sandbox follows 1688's trade APIs]";

/** A business failure: the code and text Daji (1688) gives for it. */
export interface Refusal {
  code: string;
  message: string;
}

export interface EngineEvents {
  /** An order changed state and this push should be sent. */
  push(tenant: Tenant, order: Order, topic: string, currentStatus: string, at: number): void;
  /** Something in the tenant changed (for persistence). */
  changed(tenant: Tenant): void;
}

export class SandboxEngine {
  readonly tenants = new Map<string, Tenant>();
  // Units of each SKU held by a tenant's open orders (every status but cancel), by `skuKey`. The stock an
  // app sees is the catalogue's minus these. Worked out from the orders on first use, so a restored
  // state agrees, and kept per tenant: one app's orders never change another's stock.
  private readonly held = new WeakMap<Tenant, Map<string, number>>();
  private readonly shipAfterMs: number;
  private readonly autoConfirmMs: number;
  private readonly unpaidCloseMs: number;

  constructor(
    readonly catalogue: Catalogue,
    timings: SandboxTimings,
    private readonly events: EngineEvents,
  ) {
    this.shipAfterMs = (timings.shipAfterHours ?? 48) * HOUR;
    this.autoConfirmMs = (timings.autoConfirmDays ?? 10) * 24 * HOUR;
    this.unpaidCloseMs = (timings.unpaidCloseHours ?? 24) * HOUR;
  }

  /** The tenant of an app key, created on first use. Timers that fell due are applied first. */
  tenant(appKey: string): Tenant {
    let tenant = this.tenants.get(appKey);
    if (!tenant) {
      tenant = emptyTenant(appKey);
      this.tenants.set(appKey, tenant);
    }
    this.settle(tenant);
    return tenant;
  }

  /** The app key whose tenant holds this order, if any. */
  ownerOf(orderId: string): string | undefined {
    for (const [appKey, tenant] of this.tenants) if (tenant.orders.has(orderId)) return appKey;
    return undefined;
  }

  now(tenant: Tenant): number {
    return Date.now() + tenant.clockOffsetMs;
  }

  /** Reports a change made outside the engine (faults, push target) so that it is saved. */
  touch(tenant: Tenant): void {
    this.events.changed(tenant);
  }

  reset(appKey: string): void {
    this.tenants.set(appKey, emptyTenant(appKey));
    this.events.changed(this.tenants.get(appKey)!);
  }

  /** Moves the tenant's clock forward; orders move along as their timers fall due. */
  advance(tenant: Tenant, hours: number): void {
    tenant.clockOffsetMs += Math.round(hours * HOUR);
    this.settle(tenant);
    this.events.changed(tenant);
  }

  /** Units of the SKU the tenant can still order. */
  available(tenant: Tenant, product: CatalogueProduct, sku: CatalogueSku): number {
    return sku.stock - (this.heldBy(tenant).get(skuKey(product.offerId, sku.specId)) ?? 0);
  }

  /** Checks every cargo line against the catalogue and the tenant's stock, and prices the cart: preview and create share it. */
  price(
    tenant: Tenant,
    cargo: readonly CargoInput[],
  ): { cart: PricedCart } | { failures: CargoFailure[]; refusal?: Refusal } {
    const failures: CargoFailure[] = [];
    const lines: PricedLine[] = [];
    const wanted = new Map<CatalogueSku, number>();
    for (const line of cargo) {
      const specId = typeof line.specId === 'string' && line.specId !== '' ? line.specId : null;
      const fail = (errorCode: string, errorMessage: string) =>
        failures.push({ offerId: line.offerId, specId, errorCode, errorMessage: errorMessage + INFERRED });
      const product = this.catalogue.byOfferId.get(String(line.offerId));
      if (!product) {
        fail('OFFER_NOT_EXIST', `商品不存在 (offer ${String(line.offerId)} does not exist)`);
        continue;
      }
      const sku = specId
        ? product.skus.find((s) => s.specId === specId)
        : product.skus.length === 1
          ? product.skus[0]
          : undefined;
      if (!sku) {
        fail(
          'SPEC_NOT_EXIST',
          specId
            ? `规格不存在 (offer ${product.offerId} has no specId ${specId})`
            : `请选择规格 (offer ${product.offerId} has ${product.skus.length} specs: send the specId of one)`,
        );
        continue;
      }
      const quantity = Number(line.quantity);
      if (!Number.isInteger(quantity) || quantity <= 0) {
        fail(
          'QUANTITY_INVALID',
          `购买数量无效 (quantity must be a whole number above 0, got ${String(line.quantity)})`,
        );
        continue;
      }
      // Lines of the same spec count together.
      const asked = (wanted.get(sku) ?? 0) + quantity;
      const left = this.available(tenant, product, sku);
      if (asked > left) {
        fail('STOCK_NOT_ENOUGH', `库存不足 (spec ${sku.specId} has ${left} in stock, ${asked} asked)`);
        continue;
      }
      wanted.set(sku, asked);
      lines.push({ product, sku, quantity });
    }
    // The minimum order quantity counts every spec of an offer together, as on 1688.
    const units = new Map<CatalogueProduct, number>();
    for (const line of lines) units.set(line.product, (units.get(line.product) ?? 0) + line.quantity);
    for (const [product, count] of units) {
      if (count < product.minOrderQuantity) {
        for (const line of lines.filter((l) => l.product === product)) {
          failures.push({
            offerId: product.offerId,
            specId: line.sku.specId,
            errorCode: 'QUANTITY_LESS_THAN_MOQ',
            errorMessage: `购买数量小于起批量 (offer ${product.offerId} sells at least ${product.minOrderQuantity} units, ${count} asked)${INFERRED}`,
          });
        }
      }
    }
    if (failures.length > 0) return { failures };
    const sellers = new Set(lines.map((l) => l.product.seller.openId));
    if (sellers.size > 1) {
      return {
        failures: [],
        refusal: {
          code: 'MULTI_SELLER_NOT_SUPPORT',
          message: `一个订单只能包含一个卖家的商品 (the cart holds goods of ${sellers.size} sellers; order from one seller at a time)${INFERRED}`,
        },
      };
    }
    let freight = 0;
    for (const [product, count] of units) freight += freightFen(product, count);
    const productFen = lines.reduce((sum, l) => sum + l.sku.priceFen * l.quantity, 0);
    return { cart: { lines, productFen, freightFen: freight, totalFen: productFen + freight } };
  }

  createOrder(
    tenant: Tenant,
    cart: PricedCart,
    details: { address: ReceiverAddress; outOrderId: string | null; message: string | null },
  ): Order {
    const held = this.heldBy(tenant);
    tenant.orderSeq++;
    const orderId = orderIdOf(tenant.appKey, tenant.orderSeq);
    const now = this.now(tenant);
    const lines: OrderLine[] = cart.lines.map((line, i) => ({
      offerId: line.product.offerId,
      specId: line.sku.specId,
      skuId: line.sku.skuId,
      quantity: line.quantity,
      unitPriceFen: line.sku.priceFen,
      entryId: (BigInt(orderId) + BigInt(i + 1) * 1_000_000_000n).toString(),
    }));
    const order: Order = {
      orderId,
      status: 'waitbuyerpay',
      lines,
      productFen: cart.productFen,
      freightFen: cart.freightFen,
      totalFen: cart.totalFen,
      address: details.address,
      outOrderId: details.outOrderId,
      message: details.message,
      createdAt: now,
      modifiedAt: now,
      paidAt: null,
      shippedAt: null,
      receivedAt: null,
      closedAt: null,
      closeReason: null,
      closedBy: null,
      payChannel: null,
      logistics: null,
    };
    tenant.orders.set(orderId, order);
    hold(held, order, 1);
    this.events.push(tenant, order, CREATED_PUSH, 'waitbuyerpay', now);
    this.schedule(tenant, order);
    this.events.changed(tenant);
    return order;
  }

  /** Debits the order's total and marks it paid. The one place money moves. */
  pay(tenant: Tenant, order: Order, channel: string): Debit | Refusal {
    const refusal = this.refuse(order, 'pay');
    if (refusal) return refusal;
    const now = this.now(tenant);
    const debit: Debit = {
      orderId: order.orderId,
      amount: order.totalFen,
      channel,
      at: new Date(now).toISOString(),
    };
    tenant.debits.push(debit);
    order.paidAt = now;
    order.payChannel = channel;
    this.apply(tenant, order, 'pay', now);
    return debit;
  }

  cancel(tenant: Tenant, order: Order, reason: string): Refusal | undefined {
    const refusal = this.refuse(order, 'cancel');
    if (refusal) return refusal;
    const now = this.now(tenant);
    if (now - order.createdAt < CANCEL_GRACE_MS) {
      return {
        code: 'CLOSE_ORDER_TOO_FAST',
        message: '订单创建10秒内不能关闭 (an order cannot be cancelled within 10 seconds of its creation)',
      };
    }
    order.closedAt = now;
    order.closeReason = reason;
    order.closedBy = 'buyer';
    this.apply(tenant, order, 'cancel', now);
    return undefined;
  }

  /** The seller ships now (the clock does it too, `shipAfterHours` after payment). */
  ship(tenant: Tenant, order: Order, logistics?: Partial<Order['logistics']>): Refusal | undefined {
    const refusal = this.refuse(order, 'ship');
    if (refusal) return refusal;
    this.shipAt(tenant, order, this.now(tenant), logistics ?? undefined);
    this.events.changed(tenant);
    return undefined;
  }

  confirmReceipt(tenant: Tenant, order: Order): Refusal | undefined {
    const refusal = this.refuse(order, 'confirm-receipt');
    if (refusal) return refusal;
    const now = this.now(tenant);
    order.receivedAt = now;
    this.apply(tenant, order, 'confirm-receipt', now);
    return undefined;
  }

  /** The refusal an action gets in the order's current status, or undefined when it is allowed. */
  refuse(order: Order, action: Transition['action']): Refusal | undefined {
    if (TRANSITIONS.some((t) => t.action === action && t.from === order.status)) return undefined;
    const allowed = TRANSITIONS.filter((t) => t.action === action).map((t) => t.from);
    return {
      code: 'ORDER_STATUS_ERROR',
      message: `订单状态不允许此操作 (order ${order.orderId} is ${order.status}; ${action} needs ${allowed.join(' or ')})${action === 'cancel' ? '' : INFERRED}`,
    };
  }

  private shipAt(
    tenant: Tenant,
    order: Order,
    at: number,
    logistics?: Partial<NonNullable<Order['logistics']>>,
  ): void {
    const digits = order.orderId.slice(-12);
    order.logistics = {
      companyName: logistics?.companyName ?? '中通快递',
      companyNo: logistics?.companyNo ?? 'ZTO',
      billNo: logistics?.billNo ?? `78${digits}`,
    };
    order.shippedAt = at;
    this.apply(tenant, order, 'ship', at);
  }

  private apply(tenant: Tenant, order: Order, action: Transition['action'], at: number): void {
    const transition = TRANSITIONS.find((t) => t.action === action && t.from === order.status)!;
    // A closed order gives its units back (looked up before the status changes, which it counts from).
    const held = transition.to === 'cancel' ? this.heldBy(tenant) : undefined;
    order.status = transition.to;
    if (held) hold(held, order, -1);
    order.modifiedAt = at;
    for (const [topic, currentStatus] of transition.pushes)
      this.events.push(tenant, order, topic, currentStatus, at);
    this.schedule(tenant, order);
    this.events.changed(tenant);
  }

  private heldBy(tenant: Tenant): Map<string, number> {
    let held = this.held.get(tenant);
    if (!held) {
      held = new Map();
      for (const order of tenant.orders.values()) if (order.status !== 'cancel') hold(held, order, 1);
      this.held.set(tenant, held);
    }
    return held;
  }

  /** When the order's next timer falls due, in sandbox time. */
  private dueAt(order: Order): number {
    if (order.status === 'waitbuyerpay') return order.createdAt + this.unpaidCloseMs;
    if (order.status === 'waitsellersend') return (order.paidAt ?? order.createdAt) + this.shipAfterMs;
    if (order.status === 'waitbuyerreceive') return (order.shippedAt ?? order.createdAt) + this.autoConfirmMs;
    return Number.POSITIVE_INFINITY;
  }

  private schedule(tenant: Tenant, order: Order): void {
    tenant.nextDueAt = Math.min(tenant.nextDueAt, this.dueAt(order));
  }

  /** Applies every timer that fell due, each at the time it fell due. */
  settle(tenant: Tenant): void {
    const now = this.now(tenant);
    if (now < tenant.nextDueAt) return;
    let next = Number.POSITIVE_INFINITY;
    for (const order of tenant.orders.values()) {
      for (let due = this.dueAt(order); due <= now; due = this.dueAt(order)) {
        if (order.status === 'waitbuyerpay') {
          order.closedAt = due;
          order.closeReason = '超时未付款 (not paid in time)';
          order.closedBy = 'system';
          this.apply(tenant, order, 'close-unpaid', due);
        } else if (order.status === 'waitsellersend') {
          this.shipAt(tenant, order, due);
        } else {
          order.receivedAt = due;
          this.apply(tenant, order, 'auto-confirm', due);
        }
      }
      next = Math.min(next, this.dueAt(order));
    }
    tenant.nextDueAt = next;
  }
}

function skuKey(offerId: number, specId: string): string {
  return `${offerId} ${specId}`;
}

function hold(held: Map<string, number>, order: Order, sign: 1 | -1): void {
  for (const line of order.lines) {
    const key = skuKey(line.offerId, line.specId);
    held.set(key, (held.get(key) ?? 0) + sign * line.quantity);
  }
}

/** 19 digits: `22`, 8 digits from the app key (tenants never share ids), 9 of sequence. */
function orderIdOf(appKey: string, seq: number): string {
  const tenantPart = String(hashString(appKey) % 100_000_000).padStart(8, '0');
  return `22${tenantPart}${String(seq).padStart(9, '0')}`;
}
