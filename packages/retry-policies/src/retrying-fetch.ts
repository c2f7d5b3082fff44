import { abortReason, anySignal, isAbortLike } from './abort.js';
import { backoffDelay, sleep } from './backoff.js';

export interface RetryingFetchOptions {
  /** Extra attempts after the first. Default 2; at most 10. */
  maxRetries?: number;
  /** Backoff ceiling of the first retry; it doubles per retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff wait. Default 8000 ms. A server's `Retry-After` is honoured above it. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the response is returned as it is. Default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Abort one attempt after this long and retry it (as a timeout). Default: no per-attempt limit. */
  attemptTimeoutMs?: number;
  /** Stops everything: the attempt in flight and any wait. */
  signal?: AbortSignal;
  /** Source of randomness for the jitter, in [0, 1). Default Math.random. */
  random?: () => number;
}

/** What retryingFetch wraps: `globalThis.fetch` or any function taking a Request. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

const RETRYABLE_STATUS = (status: number) =>
  status === 408 || status === 429 || (status >= 500 && status <= 599);

// Everything else a caller passes in `init` (openapi-fetch's `requestInitExt`, e.g. an undici
// dispatcher) is forwarded to every attempt untouched.
const REQUEST_INIT_KEYS = new Set([
  'method',
  'headers',
  'body',
  'signal',
  'credentials',
  'cache',
  'redirect',
  'referrer',
  'referrerPolicy',
  'integrity',
  'keepalive',
  'mode',
  'duplex',
  'priority',
  'window',
]);

/**
 * A `fetch` for `createClient({ fetch })` that retries GET requests — never anything else — on network
 * errors, timeouts, 408, 429 and 5xx, with full-jitter backoff and the server's `Retry-After`. It sits
 * beneath openapi-fetch's middleware, so a request is signed once and the signed request is resent.
 *
 * ```ts
 * const client = createClient<paths>({ baseUrl, fetch: retryingFetch(globalThis.fetch) });
 * ```
 */
export function retryingFetch(
  fetch: FetchLike,
  options: RetryingFetchOptions = {},
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  if (typeof fetch !== 'function') {
    throw new TypeError(
      'retryingFetch: the first argument must be a fetch function (for example globalThis.fetch), got ' +
        `${fetch === null ? 'null' : typeof fetch}.`,
    );
  }
  const {
    maxRetries = 2,
    baseDelayMs = 500,
    maxDelayMs = 8000,
    maxRetryAfterMs = 60_000,
    attemptTimeoutMs,
    signal: stop,
    random = Math.random,
  } = options ?? {};
  checkInteger('maxRetries', maxRetries, 0, 10);
  checkDuration('baseDelayMs', baseDelayMs);
  checkDuration('maxDelayMs', maxDelayMs);
  checkDuration('maxRetryAfterMs', maxRetryAfterMs);
  if (attemptTimeoutMs !== undefined) checkDuration('attemptTimeoutMs', attemptTimeoutMs, true);
  if (typeof random !== 'function')
    throw new TypeError('retryingFetch: options.random must be a function returning [0, 1).');
  const inner: FetchLike = fetch;

  return async function fetchWithRetries(
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> {
    const first = input instanceof Request && init === undefined ? input : new Request(input, init);
    // Anything but GET goes out once: a POST such as preparePay may have taken effect even if it failed.
    if (first.method !== 'GET') return inner(first, init === undefined ? undefined : extensions(init));

    const caller = anySignal([first.signal, stop]);
    try {
      for (let attempt = 0; ; attempt++) {
        const timeout = attemptTimeoutMs === undefined ? undefined : timeoutSignal(attemptTimeoutMs);
        const attemptSignal = anySignal([caller.signal, timeout?.signal]);
        // A fresh Request per attempt: a Request (and its body) can be sent only once.
        const request = new Request(first, { signal: attemptSignal.signal });
        let response: Response;
        try {
          response = await inner(request, init === undefined ? undefined : extensions(init));
        } catch (error) {
          if (caller.signal.aborted) throw abortReason(caller.signal);
          if (attempt >= maxRetries || !isTransientError(error)) throw error;
          await sleep(backoffDelay(attempt + 1, baseDelayMs, maxDelayMs, random), caller.signal);
          continue;
        } finally {
          timeout?.dispose();
          attemptSignal.dispose();
        }
        if (attempt >= maxRetries || !RETRYABLE_STATUS(response.status)) return response;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) return response;
        // Free the connection; the body of a response we drop is never read. Not awaited: a stalled
        // server must not hold up the retry.
        response.body?.cancel().catch(() => {});
        await sleep(retryAfter ?? backoffDelay(attempt + 1, baseDelayMs, maxDelayMs, random), caller.signal);
      }
    } finally {
      caller.dispose();
    }
  };
}

/**
 * `Retry-After` in milliseconds from `now`: delay-seconds or an HTTP date (a past date means 0).
 * `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // an HTTP date names its month; Date.parse('-1') is a year
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Network failures (fetch's TypeError), timeouts, and an abort that did not come from the caller. */
function isTransientError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return (
    name === 'TypeError' ||
    name === 'TimeoutError' ||
    name === 'DajiNetworkError' ||
    name === 'DajiTimeoutError' ||
    isAbortLike(error)
  );
}

function timeoutSignal(ms: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // setTimeout rather than AbortSignal.timeout: it is cancellable and runs under fake timers in tests.
  const timer = setTimeout(
    () => controller.abort(new DOMException(`The attempt took longer than ${ms} ms`, 'TimeoutError')),
    ms,
  );
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

function extensions(init: RequestInit): RequestInit | undefined {
  const rest: Record<string, unknown> = {};
  let any = false;
  for (const [key, value] of Object.entries(init)) {
    if (!REQUEST_INIT_KEYS.has(key)) {
      rest[key] = value;
      any = true;
    }
  }
  return any ? (rest as RequestInit) : undefined;
}

function checkInteger(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `retryingFetch: options.${name} must be an integer from ${min} to ${max}, got ${String(value)}.`,
    );
  }
}

function checkDuration(name: string, value: unknown, positive = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new RangeError(
      `retryingFetch: options.${name} must be a finite number of milliseconds ${positive ? 'above' : 'of at least'} 0, got ${String(value)}.`,
    );
  }
}
