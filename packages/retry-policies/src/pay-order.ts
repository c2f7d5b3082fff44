import { abortReason } from './abort.js';
import { backoffDelay, sleep } from './backoff.js';
import { describe } from './canonical.js';
import { isPayLock, type PayLock, type PayLockLease } from './pay-lock.js';
import {
  classifyPayCall,
  KNOWN_TERMINAL_PAY_CODES,
  NOT_PAYABLE_CODES,
  type OrderCheck,
  type PayFailure,
  type PayFailureReason,
  readOrderCheck,
  settle,
  traceIdOf,
} from './pay-responses.js';

export const PREPARE_PAY_PATH = '/alibaba/trade/pay/protocolPay/preparePay';
export const ORDER_DETAIL_PATH = '/alibaba/trade/get/buyerView';

/**
 * The two calls payOrder makes, typed loosely on purpose (method syntax compares parameters
 * bivariantly), so that an openapi-fetch client over the generated Daji `paths` and a hand-made test
 * double both fit. The client's signing middleware adds the credentials.
 */
export interface PayOrderClient {
  POST(
    path: typeof PREPARE_PAY_PATH,
    init: { body: { orderId: string }; signal?: AbortSignal },
  ): Promise<unknown>;
  POST(
    path: typeof ORDER_DETAIL_PATH,
    init: { body: { orderId: string; webSite: '1688' }; signal?: AbortSignal },
  ): Promise<unknown>;
}

/** Reported after each preparePay call. Holds no credentials and no raw error objects. */
export interface PayAttempt {
  /** 1 for the first preparePay call. */
  attempt: number;
  /** `'paid'`, or why the call failed. */
  reason: 'paid' | PayFailureReason;
  /** Present when a retry is scheduled: the wait before the order is read and preparePay is called again. */
  delayMs?: number;
  traceId?: string;
  code?: string | number;
  httpStatus?: number;
}

export interface PayOrderOptions {
  /** The 1688 order id, as a string of digits (19-digit ids do not fit in a JS number). */
  orderId: string;
  /** Retries after the first preparePay call, 0–3. Default 3 (the Daji documentation's advice). */
  maxRetries?: number;
  /** Backoff ceiling of the first retry; it doubles per retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff wait. Default 8000 ms. */
  maxDelayMs?: number;
  /** Time budget from the call to payOrder: no preparePay call starts once a wait would cross it. */
  deadlineMs?: number;
  /** Aborting stops at once; see the README for the outcome. */
  signal?: AbortSignal;
  /** Called after every preparePay call, for logging. Exceptions it throws are ignored. */
  onAttempt?: (attempt: PayAttempt) => void;
  /** 1688 codes to treat as terminal on top of `KNOWN_TERMINAL_PAY_CODES`. */
  terminalCodes?: Iterable<string>;
  /** Randomness for the jitter, in [0, 1). Default Math.random. */
  random?: () => number;
  /**
   * Lets one payOrder at a time work on this order across every instance (`createRedisPayLock` from
   * `@daji-openapi/redis`). Held for the whole call: every preparePay and every order check. While another
   * caller holds it, payOrder resolves `{ status: 'unknown', reason: 'in-progress' }` without calling
   * preparePay; if the lock cannot be reached, it pays nothing (`reason: 'lock-unavailable'`).
   */
  lock?: PayLock;
  /**
   * With `lock`: how long to wait for another holder to finish, then read the order and pay only if it
   * still waits for payment. Default 0 (answer `in-progress` at once).
   */
  waitMs?: number;
}

export type PayStatus = 'paid' | 'failed' | 'unknown';

export type PayOutcomeReason =
  /** preparePay answered paySuccess: true. */
  | 'pay-succeeded'
  /** The order has left waitbuyerpay (waitsellersend, …): the money moved. */
  | 'order-paid'
  /** The order is cancelled or terminated. */
  | 'order-closed'
  /** getOrderDetail says the order does not exist. */
  | 'order-not-found'
  /** A failure that another attempt cannot fix (see KNOWN_TERMINAL_PAY_CODES, HTTP 4xx). */
  | 'terminal-error'
  /** 1 + maxRetries calls failed and the order is still waiting for payment. */
  | 'retries-exhausted'
  /** The deadline came first and the order is still waiting for payment. */
  | 'deadline'
  /** The order could not be read, so there is no evidence either way. */
  | 'order-check-failed'
  /** The order shows a status this library does not know; it is not taken as paid. */
  | 'order-status-unrecognised'
  /** `signal` aborted after at least one preparePay call; nothing was verified afterwards. */
  | 'aborted'
  /** `lock`: another payOrder holds this order's lock (for longer than `waitMs`); nothing was called. */
  | 'in-progress'
  /** `lock`: the lock could not be reached, so nothing was called (fail closed). */
  | 'lock-unavailable'
  /** `lock`: the lock was lost part-way (its store unreachable past the lease); no further call was made. */
  | 'lock-lost';

export interface PayOutcome {
  status: PayStatus;
  /** Why this status, in one word. */
  reason: PayOutcomeReason;
  orderId: string;
  /** The channel that paid (`alipay`, …), when preparePay said so. */
  channel?: string;
  /** preparePay calls made. */
  attempts: number;
  /** getOrderDetail calls made. */
  orderChecks: number;
  /** Every traceId seen, preparePay and getOrderDetail, in call order: quote them to Daji support. */
  traceIds: string[];
  /** The last `baseInfo.status` read. */
  orderStatus?: string;
  /** The most recent failed call, if any. */
  lastError?: PayFailure;
}

const PAID_STATUSES: ReadonlySet<string> = new Set([
  'waitsellersend',
  'waitbuyerreceive',
  'confirm_goods',
  'confirm_goods_and_has_subsidy',
  'success',
]);
const CLOSED_STATUSES: ReadonlySet<string> = new Set(['cancel', 'terminated']);
const UNPAID_STATUS = 'waitbuyerpay';

/**
 * Password-free payment of one 1688 order with a bounded, verify-before-retry policy: at most
 * 1 + maxRetries preparePay calls, full-jitter backoff, and before every retry a read of the order,
 * because a debit can succeed even when the call timed out or said `paySuccess: false`.
 * Resolves to an outcome for every business result; throws only for invalid options, or when `signal`
 * is already aborted before anything was sent.
 *
 * ```ts
 * const outcome = await payOrder(client, { orderId: '2257164624870311973' });
 * if (outcome.status === 'unknown') await reviewByHand(outcome.traceIds);
 * ```
 */
export async function payOrder(client: PayOrderClient, options: PayOrderOptions): Promise<PayOutcome> {
  const o = validate(client, options);
  const { signal, lock } = o;
  if (signal?.aborted) throw abortReason(signal);
  if (!lock) return pay(client, o, undefined);

  const startedAt = Date.now();
  let lease: PayLockLease | null;
  let waited = false;
  try {
    lease = await lock.acquire(o.orderId);
    while (lease === null && Date.now() - startedAt < o.waitMs) {
      waited = true;
      const left = o.waitMs - (Date.now() - startedAt);
      await sleep(Math.min(left, 100 + Math.floor(o.random() * 150)), signal);
      lease = await lock.acquire(o.orderId);
    }
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    return lockOutcome(o.orderId, 'lock-unavailable', {
      during: 'lock',
      reason: 'lock-unavailable',
      retryable: true,
      message: `the pay lock could not be reached, so nothing was paid: ${messageOf(error)}`,
    });
  }
  if (lease === null) return lockOutcome(o.orderId, 'in-progress');
  try {
    return await pay(client, o, { lease, verifyFirst: waited });
  } finally {
    // A release that fails leaves the lock to expire at the end of its lease.
    await lease.release().catch(() => {});
  }
}

/** An outcome decided by the lock alone: no call was made. */
function lockOutcome(orderId: string, reason: PayOutcomeReason, lastError?: PayFailure): PayOutcome {
  return {
    status: 'unknown',
    reason,
    orderId,
    attempts: 0,
    orderChecks: 0,
    traceIds: [],
    ...(lastError && { lastError }),
  };
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

async function pay(
  client: PayOrderClient,
  o: ValidOptions,
  guard: { lease: PayLockLease; verifyFirst: boolean } | undefined,
): Promise<PayOutcome> {
  const { orderId, signal } = o;
  const deadlineAt = o.deadlineMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + o.deadlineMs;
  let attempts = 0;
  let orderChecks = 0;
  const traceIds: string[] = [];
  let lastError: PayFailure | undefined;
  let orderStatus: string | undefined;

  const outcome = (status: PayStatus, reason: PayOutcomeReason, channel?: string): PayOutcome => ({
    status,
    reason,
    orderId,
    ...(channel !== undefined && { channel }),
    attempts,
    orderChecks,
    traceIds: [...traceIds],
    ...(orderStatus !== undefined && { orderStatus }),
    ...(lastError !== undefined && { lastError }),
  });

  const report = (attempt: PayAttempt) => {
    try {
      o.onAttempt?.(attempt);
    } catch {
      // A logging callback must not change what happens to a payment.
    }
  };

  // Another holder may have the order once the lease is gone: make no further call at all.
  const lockLost = () => guard !== undefined && !guard.lease.held();
  const lost = (): PayOutcome => {
    lastError = {
      during: 'lock',
      reason: 'lock-lost',
      retryable: false,
      message:
        'the pay lock was lost part-way (its store was unreachable past the lease); no further call was made',
    };
    return outcome('unknown', 'lock-lost');
  };

  const checkOrder = async (): Promise<OrderCheck | 'aborted' | 'lock-lost'> => {
    if (lockLost()) return 'lock-lost';
    orderChecks++;
    const call = await settle(() =>
      client.POST(ORDER_DETAIL_PATH, { body: { orderId, webSite: '1688' }, ...(signal && { signal }) }),
    );
    if (signal?.aborted) return 'aborted';
    const traceId = traceIdOf(call);
    if (traceId) traceIds.push(traceId);
    const check = readOrderCheck(call, o.terminalCodes);
    if (check.kind === 'status') orderStatus = check.status;
    else lastError = check.failure;
    return check;
  };

  const aborted = (): PayOutcome => {
    lastError = {
      during: 'preparePay',
      reason: 'aborted',
      retryable: false,
      message: 'payOrder was aborted',
    };
    return outcome('unknown', 'aborted');
  };

  /**
   * What an order read proves. `whenUnpaid` is the failure to report if the order still waits for
   * payment; without it, waiting for payment means "go on" (undefined).
   */
  const judge = (
    check: OrderCheck | 'aborted' | 'lock-lost',
    whenUnpaid?: PayOutcomeReason,
  ): PayOutcome | undefined => {
    if (check === 'aborted') return aborted();
    if (check === 'lock-lost') return lost();
    if (check.kind === 'failed') {
      return check.notFound ? outcome('failed', 'order-not-found') : outcome('unknown', 'order-check-failed');
    }
    if (PAID_STATUSES.has(check.status)) return outcome('paid', 'order-paid');
    if (CLOSED_STATUSES.has(check.status)) return outcome('failed', 'order-closed');
    if (check.status === UNPAID_STATUS) return whenUnpaid && outcome('failed', whenUnpaid);
    // Not a status we know: never read it as paid, never risk a second debit on it.
    return outcome('unknown', 'order-status-unrecognised');
  };
  const settleByOrder = async (whenUnpaid: PayOutcomeReason): Promise<PayOutcome> =>
    judge(await checkOrder(), whenUnpaid)!;

  if (guard?.verifyFirst) {
    // Another holder just finished with this order: read what it did before paying anything.
    const verdict = judge(await checkOrder());
    if (verdict) return verdict;
  }

  for (;;) {
    if (lockLost()) return lost();
    attempts++;
    const call = await settle(() =>
      client.POST(PREPARE_PAY_PATH, { body: { orderId }, ...(signal && { signal }) }),
    );
    const traceId = traceIdOf(call);
    if (traceId) traceIds.push(traceId);
    if (signal?.aborted) {
      report({ attempt: attempts, reason: 'aborted', ...(traceId && { traceId }) });
      return aborted();
    }

    const result = classifyPayCall(call, o.terminalCodes);
    if (result.kind === 'paid') {
      report({ attempt: attempts, reason: 'paid', ...(traceId && { traceId }) });
      return outcome('paid', 'pay-succeeded', result.channel);
    }

    const failure = result.failure;
    lastError = failure;
    const event: PayAttempt = {
      attempt: attempts,
      reason: failure.reason,
      ...(traceId && { traceId }),
      ...(failure.code !== undefined && { code: failure.code }),
      ...(failure.httpStatus !== undefined && { httpStatus: failure.httpStatus }),
    };

    if (!failure.retryable) {
      report(event);
      // An earlier attempt may have debited late, and "not payable" may mean "already paid": look first.
      const notPayable = typeof failure.code === 'string' && NOT_PAYABLE_CODES.has(failure.code);
      if (attempts > 1 || notPayable) return settleByOrder('terminal-error');
      return outcome('failed', 'terminal-error');
    }
    if (attempts > o.maxRetries) {
      report(event);
      return settleByOrder('retries-exhausted');
    }
    const delayMs = backoffDelay(attempts, o.baseDelayMs, o.maxDelayMs, o.random);
    if (Date.now() + delayMs >= deadlineAt) {
      report(event);
      return settleByOrder('deadline');
    }
    report({ ...event, delayMs });

    try {
      await sleep(delayMs, signal);
    } catch {
      return aborted();
    }

    // Verify before retrying: money can move even when the call reported failure or timed out.
    const verdict = judge(await checkOrder());
    if (verdict) return verdict;
  }
}

interface ValidOptions {
  orderId: string;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  deadlineMs: number | undefined;
  signal: AbortSignal | undefined;
  onAttempt: ((attempt: PayAttempt) => void) | undefined;
  terminalCodes: ReadonlySet<string>;
  random: () => number;
  lock: PayLock | undefined;
  waitMs: number;
}

function validate(client: PayOrderClient, options: PayOrderOptions): ValidOptions {
  if (
    client === null ||
    typeof client !== 'object' ||
    typeof (client as { POST?: unknown }).POST !== 'function'
  ) {
    throw new TypeError(
      `payOrder: client must be an openapi-fetch client of the Daji API (an object with a POST method), got ${describe(client)}.`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `payOrder: options must be an object with at least { orderId }, got ${describe(options)}.`,
    );
  }
  const {
    orderId,
    maxRetries = 3,
    baseDelayMs = 500,
    maxDelayMs = 8000,
    deadlineMs,
    signal,
    onAttempt,
    terminalCodes,
    random = Math.random,
    lock,
    waitMs = 0,
  } = options;
  if (typeof orderId === 'number' || typeof orderId === 'bigint') {
    throw new TypeError(
      `payOrder: orderId must be a string of digits such as '2257164624870311973', got a ${typeof orderId}. 1688 order ids have 19 digits, more than a JS number holds exactly: pass the id as a string, as the API returns it.`,
    );
  }
  if (typeof orderId !== 'string' || !/^[0-9]{1,32}$/.test(orderId)) {
    throw new TypeError(
      `payOrder: orderId must be a string of digits such as '2257164624870311973', got ${typeof orderId === 'string' ? `a string of ${orderId.length} characters that are not all digits` : describe(orderId)}.`,
    );
  }
  if (typeof maxRetries !== 'number' || !Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 3) {
    throw new RangeError(
      `payOrder: maxRetries must be an integer from 0 to 3, got ${String(maxRetries)}. Daji advises retrying a failed password-free payment at most 3 times, never indefinitely.`,
    );
  }
  checkDuration('baseDelayMs', baseDelayMs, false);
  checkDuration('maxDelayMs', maxDelayMs, false);
  if (deadlineMs !== undefined) checkDuration('deadlineMs', deadlineMs, true);
  if (signal !== undefined && (signal === null || typeof (signal as AbortSignal).aborted !== 'boolean')) {
    throw new TypeError(
      `payOrder: signal must be an AbortSignal (from an AbortController), got ${describe(signal)}.`,
    );
  }
  if (onAttempt !== undefined && typeof onAttempt !== 'function') {
    throw new TypeError(`payOrder: onAttempt must be a function, got ${describe(onAttempt)}.`);
  }
  if (typeof random !== 'function') {
    throw new TypeError(
      `payOrder: random must be a function returning a number in [0, 1), got ${describe(random)}.`,
    );
  }
  if (lock !== undefined && !isPayLock(lock)) {
    throw new TypeError(
      `payOrder: lock must be a pay lock with an acquire(orderId) method (createRedisPayLock from @daji-openapi/redis), got ${describe(lock)}.`,
    );
  }
  checkDuration('waitMs', waitMs, false);
  if (waitMs > 0 && lock === undefined) {
    throw new TypeError(
      'payOrder: waitMs needs a lock: it is how long to wait for another holder of that lock.',
    );
  }
  const codes = new Set(KNOWN_TERMINAL_PAY_CODES);
  if (terminalCodes !== undefined) {
    if (
      terminalCodes === null ||
      typeof terminalCodes === 'string' ||
      !(Symbol.iterator in Object(terminalCodes))
    ) {
      throw new TypeError(
        `payOrder: terminalCodes must be an array of 1688 code strings, got ${describe(terminalCodes)}.`,
      );
    }
    for (const code of terminalCodes) {
      if (typeof code !== 'string') {
        throw new TypeError(`payOrder: terminalCodes must contain only strings, found ${describe(code)}.`);
      }
      codes.add(code);
    }
  }
  return {
    orderId,
    maxRetries,
    baseDelayMs,
    maxDelayMs,
    deadlineMs,
    signal,
    onAttempt,
    terminalCodes: codes,
    random,
    lock,
    waitMs,
  };
}

function checkDuration(name: string, value: unknown, positive: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new RangeError(
      `payOrder: ${name} must be a finite number of milliseconds ${positive ? 'above 0' : '(0 or more)'}, got ${String(value)}.`,
    );
  }
}
