/**
 * Rate limiting for the client: the interface `createDajiClient({ limiter })` calls before every attempt,
 * and an in-process token bucket that implements it. A shared limiter (one bucket for every process, e.g.
 * on Redis) implements the same two methods.
 */

/** What the client tells a limiter about the attempt it wants to send. */
export interface DajiLimiterRequest {
  /** The operation, e.g. `'keywordSearch'`; `undefined` for a path outside the spec. */
  operationId: string | undefined;
  method: 'GET' | 'POST';
  path: string;
  /** 1 for the first attempt of a call, 2 for its first retry … */
  attempt: number;
  /**
   * When the call's time is up, in `Date.now()` milliseconds. A limiter that cannot grant a slot before
   * then should reject at once (with a `DOMException` named `'TimeoutError'`) instead of waiting in vain.
   */
  deadline: number;
  /** Aborts when the call times out or the caller aborts it. Stop waiting and reject with `signal.reason`. */
  signal: AbortSignal;
}

/** Daji said "slow down": HTTP 429 (or another answer carrying `Retry-After`). */
export interface DajiThrottle {
  operationId: string | undefined;
  status: number;
  /** From the `Retry-After` header, when Daji sent one. */
  retryAfterMs: number | undefined;
}

/**
 * Decides when each request may leave. `acquire` resolves when the attempt may be sent; it is called once
 * per attempt, retries included. It rejects only when `signal` aborts (with `signal.reason`) or when no
 * slot can be had before `deadline` (a `'TimeoutError'` DOMException); the client reports both as
 * `DajiTimeoutError` or `DajiAbortError`. Any other rejection fails the call with that error as its cause.
 *
 * @example
 * const daji = createDajiClient({ appKey, appSecret, limiter: createRateLimiter({ requestsPerSecond: 10 }) });
 */
export interface DajiRateLimiter {
  acquire(request: DajiLimiterRequest): Promise<void>;
  /** Optional: called when Daji throttled a request, so later `acquire`s wait (e.g. until `Retry-After`). */
  throttled?(event: DajiThrottle): void;
}

export interface RateLimiterOptions {
  /** Sustained rate. Must be above 0. */
  requestsPerSecond: number;
  /** Requests that may leave at once after a quiet spell. Default 1 (evenly spaced requests). */
  burst?: number;
  /** Pause after a 429 without `Retry-After`. Default 1000 ms. */
  throttlePauseMs?: number;
}

/** The error a limiter rejects with when the call's deadline comes before a slot. */
export function limiterTimeout(waitMs: number): DOMException {
  return new DOMException(
    `the rate limiter has no slot for ${Math.ceil(waitMs)} ms, beyond the call's deadline`,
    'TimeoutError',
  );
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * An in-process token bucket (GCRA): `requestsPerSecond` on average, up to `burst` at once. Waiting callers
 * are served in the order they asked. A 429 pauses every caller until its `Retry-After`, then traffic
 * resumes at the steady rate without a burst.
 *
 * @example createDajiClient({ appKey, appSecret, limiter: createRateLimiter({ requestsPerSecond: 20, burst: 5 }) })
 */
export function createRateLimiter(options: RateLimiterOptions): DajiRateLimiter {
  const rate = options?.requestsPerSecond;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    throw new RangeError(
      `createRateLimiter: options.requestsPerSecond must be a number above 0, got ${String(rate)}.`,
    );
  }
  const burst = options.burst ?? 1;
  if (!Number.isInteger(burst) || burst < 1) {
    throw new RangeError(
      `createRateLimiter: options.burst must be a whole number ≥ 1, got ${String(burst)}.`,
    );
  }
  const pauseMs = options.throttlePauseMs ?? 1000;
  if (typeof pauseMs !== 'number' || !Number.isFinite(pauseMs) || pauseMs < 0) {
    throw new RangeError(
      `createRateLimiter: options.throttlePauseMs must be a number of milliseconds ≥ 0, got ${String(pauseMs)}.`,
    );
  }
  const interval = 1000 / rate;
  const tolerance = (burst - 1) * interval;
  // Theoretical arrival time: when the bucket would be full again if nobody else asked.
  let tat = 0;
  let pausedUntil = 0;

  return {
    acquire({ deadline, signal }) {
      if (signal.aborted) return Promise.reject(abortReason(signal));
      const now = Date.now();
      const base = Math.max(tat, now);
      const at = Math.max(base - tolerance, pausedUntil);
      const wait = at - now;
      if (wait <= 0) {
        tat = base + interval;
        return Promise.resolve();
      }
      if (at > deadline) return Promise.reject(limiterTimeout(wait));
      const reserved = Math.max(base, at) + interval;
      tat = reserved;
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          // Hand the slot back when nobody queued behind it, so an abandoned wait costs nothing.
          if (tat === reserved) tat -= interval;
          reject(abortReason(signal));
        };
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, wait);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    throttled({ retryAfterMs }) {
      const until = Date.now() + (retryAfterMs ?? pauseMs);
      if (until <= pausedUntil) return;
      pausedUntil = until;
      // After the pause, resume at the steady rate rather than with a full burst.
      tat = Math.max(tat, until + tolerance);
    },
  };
}
