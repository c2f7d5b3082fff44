import {
  createRateLimiter,
  type DajiRateLimiter,
  type DajiThrottle,
  limiterTimeout,
} from '@daji-openapi/client';
import {
  checkMs,
  describe,
  openConnection,
  type RedisConnectionOptions,
  RedisUnavailableError,
  script,
} from './connection.js';

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
export interface RedisRateLimiter extends DajiRateLimiter {
  throttled(event: DajiThrottle): void;
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
  // The client's own in-process bucket keeps this instance in check while Redis is unreachable.
  const local = createRateLimiter({ requestsPerSecond: fallbackRate, burst, throttlePauseMs: pauseMs });
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
    async acquire(request) {
      const { deadline, signal } = request;
      if (signal.aborted) throw abortReason(signal);
      let answer: [number, string];
      try {
        const maxWait = Math.max(0, deadline - Date.now());
        answer = (await connection.run(ACQUIRE, [key], [interval, tolerance, maxWait])) as [number, string];
      } catch (error) {
        if (!(error instanceof RedisUnavailableError)) throw error;
        fallBack(error);
        return local.acquire(request);
      }
      recovered();
      const wait = Number(answer[1]);
      if (Number(answer[0]) !== 1) throw limiterTimeout(wait);
      if (wait > 0) await sleep(wait, signal);
    },
    throttled(event) {
      local.throttled?.(event);
      connection.run(THROTTLE, [key], [event.retryAfterMs ?? pauseMs, tolerance]).catch(() => {
        // Redis unreachable: the local pause above still slows this instance down.
      });
    },
    close: () => connection.close(),
  };
}

function checkRate(factory: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${factory}: options.${name} must be a number above 0, got ${describe(value)}.`);
  }
  return value;
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
