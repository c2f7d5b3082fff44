import {
  checkMs,
  describe,
  openConnection,
  type RedisConnectionOptions,
  RedisUnavailableError,
  script,
} from './connection.js';

// The client's limiter contract (`createDajiClient({ limiter })`), restated structurally so this package
// depends on no particular client build.
export interface LimiterRequest {
  operationId: string | undefined;
  method: 'GET' | 'POST';
  path: string;
  attempt: number;
  /** When the call's time is up, in `Date.now()` milliseconds. */
  deadline: number;
  signal: AbortSignal;
}
export interface LimiterThrottle {
  operationId: string | undefined;
  status: number;
  retryAfterMs: number | undefined;
}
export interface RateLimiter {
  acquire(request: LimiterRequest): Promise<void>;
  throttled?(event: LimiterThrottle): void;
}

export interface RedisRateLimiterOptions extends RedisConnectionOptions {
  /** Sustained rate shared by every instance. Must be above 0. */
  requestsPerSecond: number;
  /** Requests that may leave at once after a quiet spell, across all instances. Default 1 (evenly spaced). */
  burst?: number;
  /** Pause for everyone after a 429 without `Retry-After`. Default 1000 ms. */
  throttlePauseMs?: number;
  /** Name of the shared bucket, e.g. your app key when several apps share one Redis. Default `'default'`. */
  bucket?: string;
  /**
   * The rate this instance keeps alone while Redis is unreachable. Default `requestsPerSecond` (each instance
   * may then send the full rate; set it to `requestsPerSecond / instances` to stay under the limit).
   */
  fallbackRequestsPerSecond?: number;
  /** Told once when Redis becomes unreachable and once when it is back. Default `console`. */
  logger?: { warn(message: string): void };
}

/** A limiter shared by every instance, plus `close()` for the connection it opened. */
export interface RedisRateLimiter extends RateLimiter {
  acquire(request: LimiterRequest): Promise<void>;
  throttled(event: LimiterThrottle): void;
  /** Disconnects when the limiter opened its own connection (`url`); a `client` you passed stays open. */
  close(): Promise<void>;
}

/**
 * GCRA (the token bucket as one timestamp) on Redis' own clock, so instances with drifting clocks still
 * share one schedule. `tat` is when the bucket would be full again. A request is granted a send time; if
 * that is beyond what the caller can wait, nothing is reserved.
 * ARGV: interval ms, tolerance ms, longest acceptable wait ms. Returns { granted 0|1, wait ms }.
 */
const ACQUIRE = script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat')) or 0
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused')) or 0
local base = math.max(tat, now)
local at = math.max(base - tolerance, paused)
local wait = at - now
if wait > maxWait then return {0, tostring(wait)} end
local nextTat = base + interval
if wait > 0 then nextTat = math.max(base, at) + interval end
redis.call('HSET', KEYS[1], 'tat', string.format('%.3f', nextTat))
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(nextTat, paused) - now + tolerance) + 1000)
if wait < 0 then wait = 0 end
return {1, tostring(wait)}
`);

/** A 429: nobody sends until the pause ends, then traffic resumes at the steady rate without a burst. ARGV: pause ms, tolerance ms. */
const THROTTLE = script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local untilMs = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused')) or 0
if untilMs <= paused then return 0 end
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat')) or 0
redis.call('HSET', KEYS[1], 'paused', string.format('%.3f', untilMs), 'tat', string.format('%.3f', math.max(tat, untilMs + tonumber(ARGV[2]))))
redis.call('PEXPIRE', KEYS[1], math.ceil(untilMs - now + tonumber(ARGV[2])) + 1000)
return 1
`);

/**
 * One rate limit for every instance of your integration: pass it as `createDajiClient({ limiter })` in
 * each, and together they send no more than `requestsPerSecond`. A 429 from Daji pauses all of them.
 * While Redis is unreachable each instance falls back to limiting itself, and calls keep working.
 *
 * @example
 * const limiter = await createRedisRateLimiter({ url: process.env.REDIS_URL, requestsPerSecond: 20 });
 * const daji = createDajiClient({ appKey, appSecret, limiter });
 */
export async function createRedisRateLimiter(options: RedisRateLimiterOptions): Promise<RedisRateLimiter> {
  const factory = 'createRedisRateLimiter';
  const o = (options ?? {}) as RedisRateLimiterOptions;
  const rate = checkRate(factory, 'requestsPerSecond', o.requestsPerSecond);
  const burst = o.burst ?? 1;
  if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 1) {
    throw new RangeError(`${factory}: options.burst must be a whole number ≥ 1, got ${describe(burst)}.`);
  }
  const pauseMs = o.throttlePauseMs ?? 1000;
  checkMs(factory, 'throttlePauseMs', pauseMs, { min: 0 });
  const bucket = o.bucket ?? 'default';
  if (typeof bucket !== 'string' || bucket === '') {
    throw new TypeError(`${factory}: options.bucket must be a non-empty string, got ${describe(bucket)}.`);
  }
  const fallbackRate = checkRate(factory, 'fallbackRequestsPerSecond', o.fallbackRequestsPerSecond ?? rate);
  const logger = o.logger ?? console;
  if (logger === null || typeof logger !== 'object' || typeof logger.warn !== 'function') {
    throw new TypeError(
      `${factory}: options.logger must have a warn(message) method, got ${describe(logger)}.`,
    );
  }
  const connection = await openConnection(factory, o);
  const key = `${connection.prefix}rate:${bucket}`;
  const interval = 1000 / rate;
  const tolerance = (burst - 1) * interval;
  const local = localBucket(1000 / fallbackRate, (burst - 1) * (1000 / fallbackRate));
  let degraded = false;

  const fallBack = (error: unknown) => {
    if (degraded) return;
    degraded = true;
    logger.warn(
      `${factory}: Redis is unreachable (${(error as Error).message}); each instance now limits itself to ${fallbackRate} requests/s until Redis is back.`,
    );
  };
  const recovered = () => {
    if (!degraded) return;
    degraded = false;
    logger.warn(`${factory}: Redis is reachable again; the shared limit of ${rate} requests/s applies.`);
  };

  return {
    async acquire({ deadline, signal }) {
      if (signal.aborted) throw abortReason(signal);
      let wait: number;
      try {
        const maxWait = Math.max(0, deadline - Date.now());
        const [granted, ms] = (await connection.run(ACQUIRE, [key], [interval, tolerance, maxWait])) as [
          number,
          string,
        ];
        recovered();
        wait = Number(ms);
        if (Number(granted) !== 1) throw timeoutError(wait);
      } catch (error) {
        if (!(error instanceof RedisUnavailableError)) throw error;
        fallBack(error);
        wait = local.reserve(deadline);
      }
      if (wait > 0) await sleep(wait, signal);
      if (signal.aborted) throw abortReason(signal);
    },
    throttled({ retryAfterMs }) {
      const ms = retryAfterMs ?? pauseMs;
      local.pause(ms);
      connection.run(THROTTLE, [key], [ms, tolerance]).catch(() => {
        // Redis unreachable: the local pause above still slows this instance down.
      });
    },
    close: () => connection.close(),
  };
}

/** The same GCRA in memory, for while Redis is unreachable. */
function localBucket(interval: number, tolerance: number) {
  let tat = 0;
  let pausedUntil = 0;
  return {
    reserve(deadline: number): number {
      const now = Date.now();
      const base = Math.max(tat, now);
      const at = Math.max(base - tolerance, pausedUntil);
      const wait = at - now;
      if (at > deadline) throw timeoutError(wait);
      tat = wait > 0 ? Math.max(base, at) + interval : base + interval;
      return Math.max(0, wait);
    },
    pause(ms: number) {
      const until = Date.now() + ms;
      if (until <= pausedUntil) return;
      pausedUntil = until;
      tat = Math.max(tat, until + tolerance);
    },
  };
}

function checkRate(factory: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${factory}: options.${name} must be a number above 0, got ${describe(value)}.`);
  }
  return value;
}

/** What the client expects when no slot comes before the call's deadline: it reports a DajiTimeoutError. */
function timeoutError(waitMs: number): DOMException {
  return new DOMException(
    `the shared rate limit has no slot for ${Math.ceil(waitMs)} ms, beyond the call's deadline`,
    'TimeoutError',
  );
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
