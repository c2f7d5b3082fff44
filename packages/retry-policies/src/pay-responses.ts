import { isAbortLike } from './abort.js';

/**
 * Reads what preparePay and getOrderDetail answered — as openapi-fetch's `{ data, error, response }`,
 * as a bare envelope, or as a thrown error (a client with `throwOnError`, or the network) — and says
 * what it means for the pay retry. Errors are recognised by shape and `name`, never by class, so any
 * client build works.
 */

export type PayFailureReason =
  /** No HTTP answer: DNS, connection reset, `TypeError: fetch failed`, DajiNetworkError. */
  | 'network'
  /** The call took too long: TimeoutError, DajiTimeoutError, or an abort that did not come from `signal`. */
  | 'timeout'
  /** HTTP 4xx/5xx. Retried for 408, 429 and 5xx. */
  | 'http-status'
  /** HTTP 200 with an envelope `code` other than 200. Retried for 429 and ≥ 500. */
  | 'envelope-code'
  /** 1688 answered `success: false` or `paySuccess: false` with a code not known to be terminal. Retried. */
  | 'pay-declined'
  /** 1688 answered with a code listed in `KNOWN_TERMINAL_PAY_CODES` (or `terminalCodes`). Not retried. */
  | 'terminal-code'
  /** A 2xx whose body is not the expected envelope. Retried: the request may have been processed. */
  | 'unexpected-response'
  /** Anything else thrown. Retried: the request may have been processed. */
  | 'unexpected-error'
  /** getOrderDetail answered `success: false` (with its code, e.g. ORDER_NOT_EXIST). */
  | 'lookup-failed'
  /** `signal` aborted. */
  | 'aborted'
  /** The pay lock's store could not be reached before anything was called. */
  | 'lock-unavailable'
  /** The pay lock was lost part-way. */
  | 'lock-lost';

/** A failed call, as reported in `PayOutcome.lastError`. Plain data: safe to log, holds no credentials. */
export interface PayFailure {
  /** Which call failed; `'lock'` when the pay lock stopped payOrder. */
  during: 'preparePay' | 'getOrderDetail' | 'lock';
  reason: PayFailureReason;
  /** Whether this failure, on preparePay, allows another attempt. */
  retryable: boolean;
  /** The 1688 or Daji code when there is one (`ORDER_NOT_EXIST`, 401, …). */
  code?: string | number;
  httpStatus?: number;
  message?: string;
  traceId?: string;
}

/**
 * 1688 codes after which another preparePay cannot succeed. PARTIAL: 1688 documents preparePay's codes
 * as "not detailed". These three come from 1688's trade APIs (reference §6.3, §7). On top of the list,
 * any code containing NOT_OPEN / NOT_SIGN / UNSIGNED, and any message saying 未开通 / 未签约 ("not
 * enabled" / "no agreement signed"), is taken to mean password-free payment is not enabled on the paying
 * account (reference §7.2) — their exact spelling is not published. Extend with `payOrder({ terminalCodes })`.
 */
export const KNOWN_TERMINAL_PAY_CODES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'ORDER_NOT_EXIST', // the order id is unknown to 1688
  'ORDER_STATUS_ERROR', // the order is not waiting for payment: already paid, or closed
  '400_3', // no permission on this order
]);

/** Terminal codes that say the order is no longer payable — it may have been paid — so the order is read once. */
export const NOT_PAYABLE_CODES: ReadonlySet<string> = new Set(['ORDER_STATUS_ERROR']);

const NOT_ENABLED_CODE = /NOT_?OPEN|NOT_?SIGN|UNSIGNED/i;
const NOT_ENABLED_MESSAGE = /未开通|未签约/;

export type PayCallOutcome =
  | { kind: 'paid'; channel?: string; traceId?: string }
  | { kind: 'failed'; failure: PayFailure };

export type OrderCheck =
  | { kind: 'status'; status: string; traceId?: string }
  | { kind: 'failed'; failure: PayFailure; notFound: boolean };

export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export async function settle(run: () => Promise<unknown>): Promise<Settled> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * A client that returns its errors (`{ error: DajiError, response }`, @daji-openapi/client without
 * throwOnError) is read exactly like one that throws them.
 */
function asThrown(call: Settled): Settled {
  if (!call.ok) return call;
  const error = field(call.value, 'error');
  return error instanceof Error ? { ok: false, error } : call;
}

/** What one preparePay call means. */
export function classifyPayCall(settled: Settled, terminalCodes: ReadonlySet<string>): PayCallOutcome {
  const call = asThrown(settled);
  if (!call.ok) {
    const envelope = (call.error as { envelope?: unknown } | null)?.envelope;
    if (isObject(envelope)) return classifyPayEnvelope(envelope, terminalCodes);
    return { kind: 'failed', failure: failureFromError(call.error, 'preparePay', terminalCodes) };
  }
  const answer = unwrap(call.value);
  if (answer.kind === 'http') return { kind: 'failed', failure: httpFailure(answer, 'preparePay') };
  return classifyPayEnvelope(answer.envelope, terminalCodes);
}

/** What one getOrderDetail call says about the order: `data.baseInfo.status` (Daji's wiki), or the older `data.result.baseInfo.status`. */
export function readOrderCheck(settled: Settled, terminalCodes: ReadonlySet<string>): OrderCheck {
  const call = asThrown(settled);
  let envelope: unknown;
  if (call.ok) {
    const answer = unwrap(call.value);
    if (answer.kind === 'http')
      return { kind: 'failed', failure: httpFailure(answer, 'getOrderDetail'), notFound: false };
    envelope = answer.envelope;
  } else {
    envelope = (call.error as { envelope?: unknown } | null)?.envelope;
    if (!isObject(envelope)) {
      return {
        kind: 'failed',
        failure: failureFromError(call.error, 'getOrderDetail', terminalCodes),
        notFound: false,
      };
    }
  }
  const traceId = text(field(envelope, 'traceId'));
  const envelopeFailure = checkEnvelope(envelope, 'getOrderDetail', traceId);
  if (envelopeFailure) return { kind: 'failed', failure: envelopeFailure, notFound: false };
  const data = field(envelope, 'data');
  const status =
    text(field(field(data, 'baseInfo'), 'status')) ??
    text(field(field(field(data, 'result'), 'baseInfo'), 'status'));
  if (status) return { kind: 'status', status: status.toLowerCase(), ...(traceId && { traceId }) };
  const code = codeOf(data);
  const failure: PayFailure = {
    during: 'getOrderDetail',
    reason: code === undefined ? 'unexpected-response' : 'lookup-failed',
    retryable: false,
    ...(code !== undefined && { code }),
    ...optional('message', messageOf(data)),
    ...(traceId && { traceId }),
  };
  return { kind: 'failed', failure, notFound: code === 'ORDER_NOT_EXIST' };
}

/** The traceId a call carried, whichever way it came back. */
export function traceIdOf(settled: Settled): string | undefined {
  const call = asThrown(settled);
  if (!call.ok) {
    const error = call.error as { traceId?: unknown; envelope?: unknown; body?: unknown } | null;
    return (
      text(error?.traceId) ?? text(field(error?.envelope, 'traceId')) ?? text(field(error?.body, 'traceId'))
    );
  }
  const answer = unwrap(call.value);
  return answer.kind === 'http'
    ? text(field(answer.body, 'traceId'))
    : text(field(answer.envelope, 'traceId'));
}

function classifyPayEnvelope(envelope: unknown, terminalCodes: ReadonlySet<string>): PayCallOutcome {
  const traceId = text(field(envelope, 'traceId'));
  const envelopeFailure = checkEnvelope(envelope, 'preparePay', traceId, terminalCodes);
  if (envelopeFailure) return { kind: 'failed', failure: envelopeFailure };
  const data = field(envelope, 'data');
  const result = field(data, 'result');
  const paySuccess = field(result, 'paySuccess') ?? field(result, 'isPaySuccess');
  if (isTrue(paySuccess) && !isFalse(field(data, 'success'))) {
    const channel = text(field(result, 'payChannel'));
    return { kind: 'paid', ...(channel && { channel }), ...(traceId && { traceId }) };
  }
  const code = codeOf(data);
  const message = messageOf(data);
  const terminal = isTerminal(code, message, terminalCodes);
  return {
    kind: 'failed',
    failure: {
      during: 'preparePay',
      reason: !isObject(data) ? 'unexpected-response' : terminal ? 'terminal-code' : 'pay-declined',
      retryable: !terminal,
      ...(code !== undefined && { code }),
      ...optional('message', message),
      ...(traceId && { traceId }),
    },
  };
}

/** A failure when the envelope itself says no (code ≠ 200), else undefined. */
function checkEnvelope(
  envelope: unknown,
  during: PayFailure['during'],
  traceId: string | undefined,
  terminalCodes?: ReadonlySet<string>,
): PayFailure | undefined {
  if (!isObject(envelope)) {
    return {
      during,
      reason: 'unexpected-response',
      retryable: true,
      message: 'the response body is not a Daji envelope',
    };
  }
  const code = field(envelope, 'code');
  if (code === 200 || code === '200') return undefined;
  const numeric =
    typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : NaN;
  const transient = transientCode(numeric);
  const listed = typeof code === 'string' && terminalCodes?.has(code);
  return {
    during,
    reason: listed ? 'terminal-code' : 'envelope-code',
    retryable: transient && !listed,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...optional('message', text(field(envelope, 'message'))),
    ...(traceId && { traceId }),
  };
}

function failureFromError(
  error: unknown,
  during: PayFailure['during'],
  terminalCodes: ReadonlySet<string>,
): PayFailure {
  const e = (isObject(error) ? error : {}) as Record<string, unknown>;
  const name = text(e.name);
  const common = {
    during,
    ...optional('message', text(e.message)),
    ...optional('traceId', text(e.traceId)),
  };
  if (name === 'TimeoutError' || name === 'DajiTimeoutError')
    return { ...common, reason: 'timeout', retryable: true };
  if (isAbortLike(error)) return { ...common, reason: 'timeout', retryable: true };
  if (name === 'TypeError' || name === 'DajiNetworkError')
    return { ...common, reason: 'network', retryable: true };
  const httpStatus = typeof e.httpStatus === 'number' ? e.httpStatus : undefined;
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined;
  if (httpStatus !== undefined && httpStatus >= 200 && httpStatus <= 299 && name !== 'DajiBusinessError') {
    // A 2xx that was not a readable envelope: the request may well have been processed.
    return { ...common, reason: 'unexpected-response', retryable: true, httpStatus };
  }
  if (name === 'DajiHttpError' || (httpStatus !== undefined && httpStatus !== 200)) {
    return {
      ...common,
      reason: 'http-status',
      retryable: httpStatus !== undefined && retryableHttp(httpStatus),
      ...(httpStatus !== undefined && { httpStatus }),
      ...(code !== undefined && { code }),
    };
  }
  if (code !== undefined && isTerminal(code, text(e.message), terminalCodes)) {
    return {
      ...common,
      reason: 'terminal-code',
      retryable: false,
      code,
      ...(httpStatus !== undefined && { httpStatus }),
    };
  }
  if (name === 'DajiBusinessError') {
    const numeric = typeof code === 'number' ? code : Number(code);
    return {
      ...common,
      reason: 'envelope-code',
      retryable: transientCode(numeric),
      ...(code !== undefined && { code }),
    };
  }
  return { ...common, reason: 'unexpected-error', retryable: true, ...(code !== undefined && { code }) };
}

type Answer = { kind: 'envelope'; envelope: unknown } | { kind: 'http'; status?: number; body: unknown };

/** openapi-fetch's `{ data, error, response }`, or an envelope returned directly. */
function unwrap(value: unknown): Answer {
  // A Daji envelope always has `code`; openapi-fetch's result never does.
  if (isObject(value) && !('code' in value) && ('data' in value || 'error' in value || 'response' in value)) {
    const status = field(field(value, 'response'), 'status');
    const httpStatus = typeof status === 'number' ? status : undefined;
    const failedStatus = httpStatus !== undefined && (httpStatus < 200 || httpStatus > 299);
    if (field(value, 'error') !== undefined || failedStatus) {
      return {
        kind: 'http',
        ...(httpStatus !== undefined && { status: httpStatus }),
        body: field(value, 'error'),
      };
    }
    return { kind: 'envelope', envelope: field(value, 'data') };
  }
  return { kind: 'envelope', envelope: value };
}

function httpFailure(answer: { status?: number; body: unknown }, during: PayFailure['during']): PayFailure {
  const body = answer.body;
  const message =
    text(field(body, 'detail')) ?? text(field(body, 'message')) ?? text(field(body, 'error')) ?? text(body);
  const code = field(body, 'code');
  return {
    during,
    reason: 'http-status',
    retryable: answer.status === undefined || retryableHttp(answer.status),
    ...(answer.status !== undefined && { httpStatus: answer.status }),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...optional('message', message?.slice(0, 500)),
    ...optional('traceId', text(field(body, 'traceId'))),
  };
}

function retryableHttp(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Envelope codes that mirror HTTP "try again": 429 and 5xx. Business codes such as 1009 are final. */
function transientCode(code: number): boolean {
  return code === 429 || (code >= 500 && code <= 599);
}

function isTerminal(code: unknown, message: string | undefined, terminalCodes: ReadonlySet<string>): boolean {
  if (typeof code === 'string' && (terminalCodes.has(code) || NOT_ENABLED_CODE.test(code))) return true;
  return message !== undefined && NOT_ENABLED_MESSAGE.test(message);
}

function codeOf(data: unknown): string | number | undefined {
  const code = field(data, 'code') ?? field(data, 'errorCode');
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

function messageOf(data: unknown): string | undefined {
  return text(field(data, 'message')) ?? text(field(data, 'errorMsg')) ?? text(field(data, 'errorMessage'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
