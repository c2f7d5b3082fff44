/** The build stage's first step: `createDajiClient`'s options, checked once, with their defaults. */

import type { DajiRateLimiter } from '../limiter.js';
import { specChecks } from '../spec-checks.js';
import type { DajiLogger } from './log.js';

export const DEFAULT_BASE_URL = 'https://openapi.dajisaas.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** 32 MiB: far above any Daji answer, far below what would hurt a server's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_RESPONSE_BYTES_LIMIT = 512 * 1024 * 1024;
export const DEFAULT_MAX_RETRIES = 2;

export interface DajiClientOptions {
  /** Your Daji app key (Daji console). */
  appKey: string;
  /** Your Daji app secret. Keep it on a server: whoever has it can place and pay orders. */
  appSecret: string;
  /** Default `https://openapi.dajisaas.com`; point it at the mock server in tests. */
  baseUrl?: string;
  /**
   * Default: in Node, node:http(s) with keep-alive (the global `fetch` for uploads, or when it was replaced or
   * an undici dispatcher of the app's is installed); elsewhere the global `fetch`, looked up on each call.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Per call, covering every attempt and the whole answer including its body. Default 30 000; override per call. */
  timeoutMs?: number;
  /**
   * Retries of operations that are safe to repeat (GETs and the read-only POSTs) after a network error,
   * HTTP 408, 429 or 5xx, within `timeoutMs`. Default 2; 0 turns retries off. Override per call.
   */
  maxRetries?: number;
  /** Decides when each attempt may be sent, e.g. `createRateLimiter({ requestsPerSecond: 10 })`. */
  limiter?: DajiRateLimiter;
  /** `'sign'` (default) sends an MD5 `sign`; `'debug-secret'` sends the raw `appSecret` (debugging only). */
  credentials?: 'sign' | 'debug-secret';
  /** Receives one record per request. */
  logger?: DajiLogger;
  /** Throw the `DajiError` instead of returning `{ error }`. Default false. */
  throwOnError?: boolean;
  /** Check inputs against the spec's rules (page size, order ids, picture type and size …) before sending. Default true. */
  clientChecks?: boolean;
  /**
   * The checks to run. Default: `specChecks` — every rule the spec declares on the query and body,
   * generated from the spec. Pass your own to add rules (call `specChecks` from it to keep these).
   */
  checks?: DajiChecks;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /**
   * Largest answer body read, in bytes after content decoding (so a small gzip body cannot unpack into
   * gigabytes). A larger answer fails with `DajiResponseTooLargeError`. Default 32 MiB.
   */
  maxResponseBytes?: number;
}

/** Throws a `TypeError`/`RangeError` naming the field when a request should not be sent. */
export type DajiChecks = (
  operationId: string,
  query: Record<string, unknown> | undefined,
  body: unknown,
) => void;

export type DajiConfig = ReturnType<typeof validate>;

// Names only the type of a bad option: an option may hold the app secret, so its value is never echoed.
function describeType(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value === 'function'
    ? 'a function'
    : typeof value === 'object'
      ? 'an object'
      : `${typeof value} ${String(value)}`;
}

function invalid(field: string, problem: string): TypeError {
  return new TypeError(`createDajiClient: options.${field} ${problem}`);
}

export function checkTimeout(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    throw new TypeError(
      `${where} must be a whole number of milliseconds from 1 to 2147483647, got ${describeType(value)}.`,
    );
  }
  return value;
}

/** The options, checked, with defaults filled in. A bad option throws at once, naming it. */
export function validate(options: DajiClientOptions) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `createDajiClient: options must be an object { appKey, appSecret, … }, got ${describeType(options)}.`,
    );
  }
  const o = options as unknown as Record<string, unknown>;
  if (typeof o.appKey !== 'string' || o.appKey.trim() === '') {
    throw invalid(
      'appKey',
      `must be a non-empty string (your app key from the Daji console), got ${describeType(o.appKey)}.`,
    );
  }
  // The value of appSecret is never echoed, only its type.
  if (typeof o.appSecret !== 'string' || o.appSecret.trim() === '') {
    throw invalid(
      'appSecret',
      `must be a non-empty string (your app secret from the Daji console), got ${describeType(o.appSecret)}.`,
    );
  }
  const baseUrl = o.baseUrl ?? DEFAULT_BASE_URL;
  let parsed: URL | undefined;
  try {
    parsed = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
  } catch {
    parsed = undefined;
  }
  if (
    !parsed ||
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    parsed.search ||
    parsed.hash
  ) {
    throw invalid(
      'baseUrl',
      `must be an http(s) URL without query or fragment, e.g. '${DEFAULT_BASE_URL}', got ${typeof baseUrl === 'string' ? JSON.stringify(baseUrl) : describeType(baseUrl)}.`,
    );
  }
  if (o.fetch !== undefined && typeof o.fetch !== 'function') {
    throw invalid(
      'fetch',
      `must be a function (request: Request) => Promise<Response>, got ${describeType(o.fetch)}.`,
    );
  }
  const timeoutMs =
    o.timeoutMs === undefined
      ? DEFAULT_TIMEOUT_MS
      : checkTimeout('createDajiClient: options.timeoutMs', o.timeoutMs);
  const maxRetries =
    o.maxRetries === undefined
      ? DEFAULT_MAX_RETRIES
      : checkRetries('createDajiClient: options.maxRetries', o.maxRetries);
  const limiter = o.limiter as DajiRateLimiter | undefined;
  if (limiter !== undefined && (limiter === null || typeof limiter.acquire !== 'function')) {
    throw invalid(
      'limiter',
      `must have an acquire() method, e.g. createRateLimiter({ requestsPerSecond: 10 }), got ${describeType(limiter)}.`,
    );
  }
  const credentials = o.credentials ?? 'sign';
  if (credentials !== 'sign' && credentials !== 'debug-secret') {
    throw invalid(
      'credentials',
      `must be 'sign' (production) or 'debug-secret' (sends the raw secret; debugging only), got ${typeof credentials === 'string' ? JSON.stringify(credentials) : describeType(credentials)}.`,
    );
  }
  const logger = o.logger as DajiLogger | undefined;
  if (
    logger !== undefined &&
    (logger === null || typeof logger.info !== 'function' || typeof logger.warn !== 'function')
  ) {
    throw invalid(
      'logger',
      `must have info() and warn() methods (console works), got ${describeType(logger)}.`,
    );
  }
  if (o.checks !== undefined && typeof o.checks !== 'function') {
    throw invalid('checks', `must be a function, e.g. specChecks, got ${describeType(o.checks)}.`);
  }
  for (const flag of ['throwOnError', 'clientChecks'] as const) {
    if (o[flag] !== undefined && typeof o[flag] !== 'boolean')
      throw invalid(flag, `must be true or false, got ${describeType(o[flag])}.`);
  }
  if (o.headers !== undefined && (o.headers === null || typeof o.headers !== 'object')) {
    throw invalid('headers', `must be an object of header names to values, got ${describeType(o.headers)}.`);
  }
  const maxResponseBytes = o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (
    typeof maxResponseBytes !== 'number' ||
    !Number.isInteger(maxResponseBytes) ||
    maxResponseBytes < 1 ||
    maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT
  ) {
    throw new RangeError(
      `createDajiClient: options.maxResponseBytes must be a whole number of bytes from 1 to ${MAX_RESPONSE_BYTES_LIMIT} (512 MiB), got ${describeType(maxResponseBytes)}.`,
    );
  }
  return {
    appKey: o.appKey,
    appSecret: o.appSecret,
    baseUrl: baseUrl as string,
    fetch: o.fetch as DajiClientOptions['fetch'],
    timeoutMs,
    maxRetries,
    limiter,
    credentials: credentials as 'sign' | 'debug-secret',
    logger,
    throwOnError: o.throwOnError === true,
    checks: o.clientChecks === false ? undefined : ((o.checks as DajiChecks | undefined) ?? specChecks),
    headers: o.headers as Record<string, string> | undefined,
    maxResponseBytes,
  };
}

export function checkRetries(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
    throw new RangeError(`${where} must be a whole number from 0 to 10, got ${describeType(value)}.`);
  }
  return value;
}
