/** The build stage's first step: `createDajiClient`'s options, checked once, with their defaults. */

import type { DajiRateLimiter } from '../limiter.js';
import { specChecks } from '../spec-checks.js';
import type { DajiLogger } from './log.js';

export const DEFAULT_BASE_URL = 'https://openapi.dajisaas.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** 32 MiB: far above any Daji answer, far below what would hurt a server's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
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

/** The options as checked, with their defaults. */
export interface DajiConfig
  extends Pick<DajiClientOptions, 'appKey' | 'appSecret' | 'fetch' | 'limiter' | 'logger' | 'headers'> {
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  credentials: 'sign' | 'debug-secret';
  throwOnError: boolean;
  checks: DajiChecks | undefined;
  maxResponseBytes: number;
}

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

/** `${where} ${problem}, got …`: the error for a bad option, naming it and the type it had. */
function fault(
  where: string,
  problem: string,
  value: unknown,
  kind: ErrorConstructor = TypeError,
  quote?: boolean,
): Error {
  const got = quote && typeof value === 'string' ? JSON.stringify(value) : describeType(value);
  return new kind(`${where} ${problem}, got ${got}.`);
}

/** A whole number from `min` to `max`, or the error naming `where`. */
function whole(where: string, value: unknown, [min, max, unit, kind, note = '']: Whole): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw fault(where, `must be a whole number${unit} from ${min} to ${max}${note}`, value, kind);
  }
  return value;
}

type Whole = readonly [min: number, max: number, unit: string, kind: ErrorConstructor, note?: string];
const TIMEOUT: Whole = [1, 2_147_483_647, ' of milliseconds', TypeError];
const RETRIES: Whole = [0, 10, '', RangeError];
const BYTES: Whole = [1, 512 * 1024 * 1024, ' of bytes', RangeError, ' (512 MiB)'];

export const checkTimeout = (where: string, value: unknown): number => whole(where, value, TIMEOUT);
export const checkRetries = (where: string, value: unknown): number => whole(where, value, RETRIES);

/** A whole-number option's test: true, or it throws its own error (of its own kind). */
const inRange = (range: Whole) => (value: unknown, where: string) => whole(where, value, range) >= 0;
const isFunction = (value: unknown) => typeof value === 'function';
const isText = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const isFlag = (value: unknown) => typeof value === 'boolean';
const has = (value: unknown, ...methods: string[]) =>
  value !== null && methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');

function isHttpUrl(value: unknown): boolean {
  try {
    const url = typeof value === 'string' && new URL(value);
    return !!url && /^https?:$/.test(url.protocol) && !url.search && !url.hash;
  } catch {
    return false;
  }
}

/**
 * Every option's rule, in the order they are checked: its name, the test, what it must be, and whether a
 * bad string is quoted (only where a string cannot be a secret). A required option is tested even when absent.
 */
const RULES: readonly [string, (value: unknown, where: string) => boolean, string?, boolean?][] = [
  ['appKey', isText, 'must be a non-empty string (your app key from the Daji console)'],
  // The value of appSecret is never echoed, only its type.
  ['appSecret', isText, 'must be a non-empty string (your app secret from the Daji console)'],
  [
    'baseUrl',
    isHttpUrl,
    `must be an http(s) URL without query or fragment, e.g. '${DEFAULT_BASE_URL}'`,
    true,
  ],
  ['fetch', isFunction, 'must be a function (request: Request) => Promise<Response>'],
  ['timeoutMs', inRange(TIMEOUT)],
  ['maxRetries', inRange(RETRIES)],
  [
    'limiter',
    (v) => has(v, 'acquire'),
    'must have an acquire() method, e.g. createRateLimiter({ requestsPerSecond: 10 })',
  ],
  [
    'credentials',
    (v) => v === 'sign' || v === 'debug-secret',
    "must be 'sign' (production) or 'debug-secret' (sends the raw secret; debugging only)",
    true,
  ],
  ['logger', (v) => has(v, 'info', 'warn'), 'must have info() and warn() methods (console works)'],
  ['checks', isFunction, 'must be a function, e.g. specChecks'],
  ['throwOnError', isFlag, 'must be true or false'],
  ['clientChecks', isFlag, 'must be true or false'],
  ['headers', (v) => v !== null && typeof v === 'object', 'must be an object of header names to values'],
  ['maxResponseBytes', inRange(BYTES)],
];

/** Options whose default also stands in for null (for the others, null is refused). */
const NULL_MEANS_DEFAULT: Record<string, unknown> = {
  baseUrl: DEFAULT_BASE_URL,
  credentials: 'sign',
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
};

/** The options, checked, with defaults filled in. A bad option throws at once, naming it. */
export function validate(options: DajiClientOptions): DajiConfig {
  if (options === null || typeof options !== 'object') {
    throw fault('createDajiClient: options', 'must be an object { appKey, appSecret, … }', options);
  }
  const o: Record<string, unknown> = {};
  for (const [field, ok, problem, quote] of RULES) {
    const given = (options as unknown as Record<string, unknown>)[field];
    const value = field in NULL_MEANS_DEFAULT ? (given ?? NULL_MEANS_DEFAULT[field]) : given;
    o[field] = value;
    const where = `createDajiClient: options.${field}`;
    // appKey and appSecret are required; any other option may be left out.
    if ((value !== undefined || field.startsWith('app')) && !ok(value, where)) {
      throw fault(where, problem!, value, TypeError, quote);
    }
  }
  // Every option checked above, as given or defaulted; then those with a default of their own.
  return {
    ...(o as unknown as DajiConfig),
    timeoutMs: (o.timeoutMs as number | undefined) ?? DEFAULT_TIMEOUT_MS,
    maxRetries: (o.maxRetries as number | undefined) ?? DEFAULT_MAX_RETRIES,
    throwOnError: o.throwOnError === true,
    checks: o.clientChecks === false ? undefined : ((o.checks as DajiChecks | undefined) ?? specChecks),
  };
}
