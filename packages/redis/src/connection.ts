import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** How every factory of this package reaches Redis: its own connection (`url`) or yours (`client`). */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS): the factory connects itself and `close()` disconnects. */
  url?: string;
  /** An ioredis client you already have. It is used as it is and never closed by `close()`. */
  client?: Redis;
  /** Put before every key this package writes. Default `'daji:'`. */
  prefix?: string;
  /**
   * A Redis call that has not answered within this many milliseconds counts as Redis being unreachable.
   * Default 2000. Also the limit for connecting at start.
   */
  commandTimeoutMs?: number;
}

/** Redis could not be reached, or did not answer in time. Nothing this package guards was done. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server does not know it. */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

export function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

export interface Connection {
  readonly prefix: string;
  /** Runs a script, failing fast with RedisUnavailableError when Redis is not connected or too slow. */
  run(script: Script, keys: string[], args: (string | number)[]): Promise<unknown>;
  /** Disconnects a connection this package opened; leaves a caller's client alone. */
  close(): Promise<void>;
}

const DEFAULT_PREFIX = 'daji:';
const DEFAULT_COMMAND_TIMEOUT_MS = 2000;

/** Validates the connection options shared by every factory and returns them with defaults applied. */
export function readConnectionOptions(
  factory: string,
  options: RedisConnectionOptions,
): { url?: string; client?: Redis; prefix: string; commandTimeoutMs: number } {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `${factory}: options must be an object with { url } or { client }, got ${describe(options)}.`,
    );
  }
  const { url, client, prefix = DEFAULT_PREFIX, commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS } = options;
  if ((url === undefined) === (client === undefined)) {
    throw new TypeError(
      `${factory}: pass exactly one of options.url (e.g. 'redis://127.0.0.1:6379') or options.client (an ioredis client), got ${url === undefined ? 'neither' : 'both'}.`,
    );
  }
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = typeof url === 'string' ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || !parsed.hostname) {
      throw new TypeError(
        `${factory}: options.url must be a redis:// or rediss:// URL such as 'redis://127.0.0.1:6379', got ${typeof url === 'string' ? JSON.stringify(redactUrl(url)) : describe(url)}.`,
      );
    }
  }
  if (client !== undefined && !isIoredisClient(client)) {
    throw new TypeError(
      `${factory}: options.client must be an ioredis client (new Redis(…) from 'ioredis'), got ${describe(client)}.`,
    );
  }
  if (typeof prefix !== 'string') {
    throw new TypeError(
      `${factory}: options.prefix must be a string such as 'daji:', got ${describe(prefix)}.`,
    );
  }
  checkMs(factory, 'commandTimeoutMs', commandTimeoutMs);
  return {
    ...(url !== undefined && { url }),
    ...(client !== undefined && { client }),
    prefix,
    commandTimeoutMs,
  };
}

/**
 * Connects (or adopts the caller's client) and proves Redis answers, so a wrong URL or a server that is
 * down is a clear error at start rather than a hang or a failure on the first message.
 */
export async function openConnection(factory: string, options: RedisConnectionOptions): Promise<Connection> {
  const { url, client, prefix, commandTimeoutMs } = readConnectionOptions(factory, options);
  const owned = client === undefined;
  const redis =
    client ??
    new Redis(url!, {
      lazyConnect: true,
      // Queued commands would wait for a reconnect while a payment or a push waits on them: fail at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: commandTimeoutMs,
      commandTimeout: commandTimeoutMs,
      // Keep reconnecting in the background, at most every 2 s, so service resumes when Redis is back.
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
  // ioredis emits 'error' on every failed reconnect; without a listener Node would print each one.
  const onError = () => {};
  if (owned) redis.on('error', onError);
  const where = owned ? `options.url (${redactUrl(url!)})` : 'options.client';
  try {
    if (owned) await withTimeout(redis.connect(), commandTimeoutMs);
    await withTimeout(redis.ping(), commandTimeoutMs);
  } catch (cause) {
    if (owned) redis.disconnect();
    throw new RedisUnavailableError(
      `${factory}: Redis at ${where} did not answer within ${commandTimeoutMs} ms: ${reasonOf(cause)}. Check that the server runs and the URL, password and database are right.`,
      { cause },
    );
  }

  async function call(run: () => Promise<unknown>): Promise<unknown> {
    if (redis.status !== 'ready') {
      throw new RedisUnavailableError(`Redis is not connected (${redis.status}); nothing was done.`);
    }
    try {
      return await withTimeout(run(), commandTimeoutMs);
    } catch (cause) {
      if (isReplyError(cause)) throw cause;
      throw new RedisUnavailableError(`Redis did not answer: ${reasonOf(cause)}.`, { cause });
    }
  }

  return {
    prefix,
    async run(s, keys, args) {
      try {
        return await call(() => redis.evalsha(s.sha, keys.length, ...keys, ...args));
      } catch (error) {
        if (!(isReplyError(error) && /NOSCRIPT/.test(String((error as Error).message)))) throw error;
        // First use on this server (or after a restart or SCRIPT FLUSH): send the script itself.
        return call(() => redis.eval(s.source, keys.length, ...keys, ...args));
      }
    },
    async close() {
      if (!owned) return;
      redis.off('error', onError);
      if (redis.status === 'ready') {
        await withTimeout(redis.quit(), commandTimeoutMs).catch(() => redis.disconnect());
      } else {
        redis.disconnect();
      }
    },
  };
}

function isIoredisClient(value: unknown): value is Redis {
  const v = value as Partial<Redis> | null;
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof v.evalsha === 'function' &&
    typeof v.eval === 'function' &&
    typeof v.status === 'string'
  );
}

/** Redis answered with an error (a bug in a script, WRONGTYPE …): the server is reachable. */
function isReplyError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ReplyError';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code} ${message}` : message;
}

/** The URL without its password, for error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

export function checkMs(factory: string, name: string, value: unknown, options: { min?: number } = {}): void {
  const min = options.min ?? 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 2_147_483_647) {
    throw new RangeError(
      `${factory}: options.${name} must be a whole number of milliseconds from ${min} to 2147483647, got ${describe(value)}.`,
    );
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
