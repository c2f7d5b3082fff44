// The sandbox's state, kept per app key (tenant). Plain data, so a tenant can be saved to a file as it is.

export type OrderStatus = 'waitbuyerpay' | 'waitsellersend' | 'waitbuyerreceive' | 'success' | 'cancel';

export interface OrderLine {
  offerId: number;
  specId: string;
  skuId: number;
  quantity: number;
  unitPriceFen: number;
  /** The line's sub-order id (`subItemID`), 19 digits. */
  entryId: string;
}

export interface ReceiverAddress {
  fullName: string;
  mobile: string;
  phone: string | null;
  postCode: string;
  provinceText: string;
  cityText: string;
  areaText: string;
  townText: string | null;
  address: string;
  districtCode: string | null;
}

export interface Logistics {
  companyName: string;
  companyNo: string;
  billNo: string;
}

export interface Order {
  orderId: string;
  status: OrderStatus;
  lines: OrderLine[];
  productFen: number;
  freightFen: number;
  totalFen: number;
  address: ReceiverAddress;
  outOrderId: string | null;
  message: string | null;
  /** Sandbox-clock times, epoch ms. */
  createdAt: number;
  modifiedAt: number;
  paidAt: number | null;
  shippedAt: number | null;
  receivedAt: number | null;
  closedAt: number | null;
  closeReason: string | null;
  closedBy: 'buyer' | 'system' | null;
  payChannel: string | null;
  logistics: Logistics | null;
}

export interface Debit {
  orderId: string;
  /** Fen (1/100 yuan), as 1688's trade amounts. */
  amount: number;
  channel: string;
  /** Sandbox-clock time, ISO-8601. */
  at: string;
}

export const FAULT_KINDS = [
  'timeout',
  'http-500',
  'not-enabled',
  'insufficient-balance',
  'debit-then-timeout',
  'debit-then-error',
  'latency',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Kinds that only make sense for a payment. */
export const PAY_FAULT_KINDS: ReadonlySet<FaultKind> = new Set([
  'not-enabled',
  'insufficient-balance',
  'debit-then-timeout',
  'debit-then-error',
]);

export interface Fault {
  id: number;
  operation: string;
  kind: FaultKind;
  orderId: string | null;
  /** Calls left that this fault applies to. */
  remaining: number;
  /** Delay for `latency`, ms. */
  ms: number | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  msgId: string;
  type: string;
  orderId: string;
  /** The message text as sent (ids as bare numbers). */
  message: string;
  attempts: number;
  status: DeliveryStatus;
  /** HTTP status of the last attempt, or null when it got no answer. */
  lastStatus: number | null;
  lastError: string | null;
  /** Wall-clock time of the last attempt, ISO-8601. */
  lastAttemptAt: string | null;
}

export interface PushTarget {
  url: string;
  /** The secret pushes are signed with. */
  appSecret: string;
}

export interface Tenant {
  appKey: string;
  /** Added to the wall clock: the tenant's sandbox time is Date.now() + clockOffsetMs. */
  clockOffsetMs: number;
  orderSeq: number;
  msgSeq: number;
  faultSeq: number;
  orders: Map<string, Order>;
  debits: Debit[];
  faults: Fault[];
  pushTarget: PushTarget | null;
  deliveries: Delivery[];
  /** Earliest sandbox time at which a timer (close, ship, auto-confirm) falls due; Infinity when none. */
  nextDueAt: number;
}

export function emptyTenant(appKey: string): Tenant {
  return {
    appKey,
    clockOffsetMs: 0,
    orderSeq: 0,
    msgSeq: 0,
    faultSeq: 0,
    orders: new Map(),
    debits: [],
    faults: [],
    pushTarget: null,
    deliveries: [],
    nextDueAt: Number.POSITIVE_INFINITY,
  };
}
