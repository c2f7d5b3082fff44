import { signingMiddleware } from '@daji-openapi/retry-policies';
import type { MaybeOptionalInit, Middleware } from 'openapi-fetch';
import { checkRequest } from './checks.js';
import { businessErrorFrom, type DajiFailure, type DajiSuccess, isSuccessEnvelope } from './envelope.js';
import {
  DajiAbortError,
  type DajiError,
  DajiHttpError,
  DajiNetworkError,
  DajiResponseTooLargeError,
  DajiTimeoutError,
  httpErrorFrom,
} from './errors.js';
import { type OperationId, routes } from './generated/routes.js';
import { parseLosslessJson } from './lossless-json.js';
import { createClient } from './openapi-fetch.js';
import type { DajiPaths } from './paths.js';
import { serializeQuery } from './query.js';
import { createRedactor } from './redact.js';
import { imageToBase64, toFormData } from './upload.js';

export const DEFAULT_BASE_URL = 'https://openapi.dajisaas.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** 32 MiB: far above any Daji answer, far below what would hurt a server's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const MAX_RESPONSE_BYTES_LIMIT = 512 * 1024 * 1024;

/** One line per request: what was called, how it ended, how long it took. Never a credential or the URL. */
export interface DajiLogRecord {
  method: string;
  path: string;
  operationId: string | undefined;
  /** HTTP status; absent when no answer arrived. */
  status?: number;
  traceId?: string;
  durationMs: number;
  /** Error class name when the call failed, e.g. `DajiBusinessError`. */
  error?: string;
  code?: number | string;
}

/** Anything with `info` and `warn`, e.g. `console` or a pino/winston logger. */
export interface DajiLogger {
  info(message: string, record: DajiLogRecord): void;
  warn(message: string, record?: DajiLogRecord): void;
}

export interface DajiClientOptions {
  /** Your Daji app key (Daji console). */
  appKey: string;
  /** Your Daji app secret. Keep it on a server: whoever has it can place and pay orders. */
  appSecret: string;
  /** Default `https://openapi.dajisaas.com`; point it at the mock server in tests. */
  baseUrl?: string;
  /** Default: the global `fetch`, looked up on each call. Pass `retryingFetch(fetch)` for safe retries. */
  fetch?: (request: Request) => Promise<Response>;
  /** Per request, covering the whole answer including its body. Default 30 000; override per call. */
  timeoutMs?: number;
  /** `'sign'` (default) sends an MD5 `sign`; `'debug-secret'` sends the raw `appSecret` (debugging only). */
  credentials?: 'sign' | 'debug-secret';
  /** Receives one record per request. */
  logger?: DajiLogger;
  /** Throw the `DajiError` instead of returning `{ error }`. Default false. */
  throwOnError?: boolean;
  /** Check inputs (page size, order ids, picture type and size …) before sending. Default true. */
  clientChecks?: boolean;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /**
   * Largest answer body read, in bytes after content decoding (so a small gzip body cannot unpack into
   * gigabytes). A larger answer fails with `DajiResponseTooLargeError`. Default 32 MiB.
   */
  maxResponseBytes?: number;
}

/** Per-call options besides openapi-fetch's own (`params`, `body`, `signal`, `headers` …). */
export interface DajiCallOptions {
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

// One call's exchange: what transport needs to send, and what it got back.
interface Answer {
  signal: AbortSignal;
  aborted: Promise<never>;
  send: DajiClientOptions['fetch'];
  label: string;
  request?: Request;
  /** The answer as it arrived, and its decoded body. */
  response?: Response;
  text?: string;
  /** What transport handed to openapi-fetch; a caller's middleware may have replaced it since. */
  handed?: Response;
}

type Method = 'get' | 'post';
type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
type PathsWith<M extends Method> = {
  [P in keyof DajiPaths]: DajiPaths[P] extends { [K in M]: object } ? P : never;
}[keyof DajiPaths];
// Not generic in the init (unlike openapi-fetch, which infers it for `parseAs`): a concrete target type
// keeps TypeScript's excess-property check, so a misspelt or credential field is a compile error.
type InitParam<Init> =
  RequiredKeys<Init> extends never ? [init?: Init & DajiCallOptions] : [init: Init & DajiCallOptions];

/** The success envelope an operation answers with. */
export type SuccessEnvelope<Op> = Op extends {
  responses: { 200: { content: { 'application/json': infer E } } };
}
  ? E
  : never;

/** What a call resolves to: with `throwOnError` only the success shape, since failures are thrown. */
export type DajiCallResult<Op, ThrowOnError extends boolean> = ThrowOnError extends true
  ? DajiSuccess<SuccessEnvelope<Op>>
  : DajiSuccess<SuccessEnvelope<Op>> | DajiFailure;

export type DajiMethod<M extends Method, ThrowOnError extends boolean> = <Path extends PathsWith<M>>(
  path: Path,
  ...init: InitParam<MaybeOptionalInit<DajiPaths[Path], M>>
) => Promise<DajiCallResult<DajiPaths[Path][M], ThrowOnError>>;

/** An openapi-fetch client for Daji with signing, envelope handling, lossless ids and timeouts built in. */
export interface DajiClient<ThrowOnError extends boolean = false> {
  /** Call a GET operation, e.g. `client.GET('/alibaba/product/keywordQuery', { params: { query } })`. */
  GET: DajiMethod<'get', ThrowOnError>;
  /** Call a POST operation, e.g. `client.POST('/alibaba/trade/pay/protocolPay/preparePay', { body })`. */
  POST: DajiMethod<'post', ThrowOnError>;
  /** Add openapi-fetch middleware; it runs before signing, so the signature covers its changes. */
  use(...middleware: Middleware[]): void;
  /** Remove middleware added with `use`. */
  eject(...middleware: Middleware[]): void;
  /** Whether failures are thrown (`throwOnError`). */
  readonly throwOnError: ThrowOnError;
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

function invalid(field: string, problem: string): TypeError {
  return new TypeError(`createDajiClient: options.${field} ${problem}`);
}

function checkTimeout(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    throw new TypeError(
      `${where} must be a whole number of milliseconds from 1 to 2147483647, got ${describeType(value)}.`,
    );
  }
  return value;
}

function validate(options: DajiClientOptions) {
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
    credentials: credentials as 'sign' | 'debug-secret',
    logger,
    throwOnError: o.throwOnError === true,
    clientChecks: o.clientChecks !== false,
    headers: o.headers as Record<string, string> | undefined,
    maxResponseBytes,
  };
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

// Where a redirect pointed: its origin only, since the query of a Location may carry anything.
function redirectTarget(response: Response, requestUrl: string): string {
  if (response.type === 'opaqueredirect') return 'a target the browser does not reveal';
  const location = response.headers.get('location');
  if (location === null) return 'no Location header';
  try {
    return new URL(location, requestUrl).origin;
  } catch {
    return 'an invalid Location';
  }
}

function tooLarge(limit: number, label: string, httpStatus: number): DajiResponseTooLargeError {
  return new DajiResponseTooLargeError({
    code: 'RESPONSE_TOO_LARGE',
    message: `The answer to ${label} is larger than maxResponseBytes (${limit} bytes after decoding); reading stopped. Raise createDajiClient({ maxResponseBytes }) if such answers are expected.`,
    httpStatus,
    limitBytes: limit,
  });
}

/**
 * Creates the Daji client. Every call is signed, checked, timed out and logged; failures come back as
 * `{ error: DajiError }` (or are thrown with `throwOnError: true`); 64-bit ids arrive as exact strings.
 *
 * @example
 * const daji = createDajiClient({ appKey: process.env.DAJI_APP_KEY!, appSecret: process.env.DAJI_APP_SECRET! });
 * const { data, error } = await daji.GET('/alibaba/product/keywordQuery', {
 *   params: { query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } },
 * });
 */
export function createDajiClient(options: DajiClientOptions & { throwOnError: true }): DajiClient<true>;
export function createDajiClient(options: DajiClientOptions & { throwOnError?: false }): DajiClient<false>;
export function createDajiClient(options: DajiClientOptions): DajiClient<boolean>;
export function createDajiClient(options: DajiClientOptions): DajiClient<boolean> {
  const config = validate(options);
  const redactText = createRedactor(config.appSecret).text;
  const { logger } = config;

  // Any failure to get an answer (connect, send, read the body) is a network error; the caller's method
  // wrapper then tells timeouts and aborts apart. Racing `aborted` keeps timeouts and aborts working
  // even with a fetch that ignores signals.
  async function network<T>(work: Promise<T>, aborted: Promise<never>): Promise<T> {
    try {
      return await Promise.race([work, aborted]);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new DajiNetworkError({
        code: 'NETWORK',
        message: `no answer from Daji: ${redactText(reason)}`,
        cause,
      });
    }
  }

  // The decoded body as text, read chunk by chunk under the call's deadline and stopped at the limit,
  // so neither a slow nor a huge (or decompression-bomb) answer can outlive the timeout or fill memory.
  async function readBody(response: Response, aborted: Promise<never>, label: string): Promise<string> {
    if (response.body === null) return '';
    const limit = config.maxResponseBytes;
    const encoding = response.headers.get('content-encoding');
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    const reader = response.body.getReader();
    try {
      if ((encoding === null || encoding === 'identity') && declared > limit)
        throw tooLarge(limit, label, response.status);
      const decoder = new TextDecoder();
      const parts: string[] = [];
      let bytes = 0;
      for (;;) {
        const chunk = await network(reader.read(), aborted);
        if (chunk.done) break;
        bytes += chunk.value.byteLength;
        if (bytes > limit) throw tooLarge(limit, label, response.status);
        parts.push(decoder.decode(chunk.value, { stream: true }));
      }
      parts.push(decoder.decode());
      return parts.join('');
    } catch (error) {
      reader.cancel().catch(() => {});
      throw error;
    }
  }

  // The signal is attached here rather than on openapi-fetch's Request: every Request that follows a
  // signal costs a listener, and the global fetch copies the Request once more anyway. Redirects are
  // never followed: the signed request must not leave for another origin. The whole body is read here,
  // inside the deadline and the size limit, and kept in `answer` for `call` to parse losslessly.
  async function transport(request: Request, answer: Answer): Promise<Response> {
    answer.request = request;
    const { signal, aborted, send, label } = answer;
    const response = await network(
      send
        ? send(new Request(request, { signal, redirect: 'manual' }))
        : fetch(request, { signal, redirect: 'manual' }),
      aborted,
    );
    answer.response = response;
    if (isRedirect(response)) {
      response.body?.cancel().catch(() => {});
      const target = redirectTarget(response, request.url);
      const status = response.status;
      throw new DajiHttpError({
        code: status === 0 ? 'REDIRECT' : status,
        message: `Daji answered ${status === 0 ? 'a redirect' : `HTTP ${status}`} to ${label}, pointing to ${redactText(target)}. The client never follows redirects, so nothing was sent there; check baseUrl (e.g. https, no trailing path).`,
        httpStatus: status === 0 ? undefined : status,
        body: { message: `redirect to ${redactText(target)}`, ...(status === 0 ? {} : { status }) },
      });
    }
    const text = await readBody(response, aborted, label);
    answer.text = text;
    // Without middleware of the caller's, a success answer is never copied; openapi-fetch gets no error
    // body to read, since `call` parses the text itself. Middleware sees the whole body.
    if (response.ok && !hasMiddleware) {
      answer.handed = response;
      return response;
    }
    const headers = new Headers(response.headers);
    // The body is already decoded and may differ in length from what was on the wire.
    headers.delete('content-encoding');
    headers.delete('content-length');
    answer.handed = new Response(hasMiddleware ? text : null, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
    return answer.handed;
  }

  const raw = createClient<DajiPaths>({
    baseUrl: config.baseUrl,
    querySerializer: serializeQuery as never,
    ...(config.headers ? { headers: config.headers } : {}),
  });
  const signer = signingMiddleware({
    appKey: config.appKey,
    appSecret: config.appSecret,
    mode: config.credentials,
  });
  raw.use(signer as Middleware);
  let hasMiddleware = false;
  // A GET is signed while its query is serialized, so the middleware finds it signed and does not
  // copy the Request; it still re-signs whenever the caller's middleware changed the query.
  const signedQuery = (query: Record<string, unknown> | undefined) => signer.signQuery(serializeQuery(query));

  if (config.credentials === 'debug-secret') {
    logger?.warn(
      'Daji client: credentials "debug-secret" sends your appSecret with every request instead of a signature. Use it only to debug signing, never in production.',
    );
  }

  const operationOf = new Map<string, OperationId>(
    Object.entries(routes).map(([id, route]) => [
      `${route.method.toUpperCase()} ${route.path}`,
      id as OperationId,
    ]),
  );

  async function call(method: 'GET' | 'POST', path: string, init: Record<string, unknown> = {}) {
    const operationId = operationOf.get(`${method} ${path}`);
    const route = operationId ? routes[operationId] : undefined;
    const {
      timeoutMs: callTimeout,
      signal: callerSignal,
      parseAs: _parseAs,
      fetch: callFetch,
      ...rest
    } = init;
    const timeoutMs =
      callTimeout === undefined
        ? config.timeoutMs
        : checkTimeout(`${operationId ?? path}: timeoutMs`, callTimeout);
    const label = { method, path, operationId };
    const started = Date.now();

    const finish = (outcome: { status?: number; traceId?: string; error?: DajiError }) => {
      if (!logger) return;
      const record: DajiLogRecord = { ...label, durationMs: Date.now() - started };
      if (outcome.status !== undefined) record.status = outcome.status;
      const traceId = outcome.traceId ?? outcome.error?.traceId;
      if (traceId !== undefined) record.traceId = traceId;
      if (outcome.error) {
        record.error = outcome.error.name;
        record.code = outcome.error.code;
        logger.warn(`Daji ${operationId ?? path} failed: ${outcome.error.name}`, record);
      } else {
        logger.info(`Daji ${operationId ?? path} ok`, record);
      }
    };
    const fail = (error: DajiError, response: Response): DajiFailure => {
      error.operationId ??= operationId;
      finish({ status: response.status, error });
      if (config.throwOnError) throw error;
      return { error, response };
    };

    const params = rest.params as { query?: Record<string, unknown> } | undefined;
    let body = rest.body;
    if (config.clientChecks) checkRequest(operationId ?? path, params?.query, body);
    let bodySerializer: ((body: Record<string, unknown>) => FormData) | undefined;
    if (
      (route as { body?: string } | undefined)?.body === 'multipart/form-data' &&
      body &&
      typeof body === 'object'
    ) {
      const fields = { ...(body as Record<string, unknown>) };
      if (fields.image_base64 !== undefined && fields.image_base64 !== null) {
        fields.image_base64 = await imageToBase64(fields.image_base64 as never);
      }
      body = fields;
      bodySerializer = toFormData;
    }

    const signal = callerSignal as AbortSignal | undefined;
    if (signal?.aborted) {
      const error = new DajiAbortError({
        code: 'ABORTED',
        message: `${operationId ?? path} was aborted before it was sent`,
        operationId,
        cause: signal.reason,
      });
      finish({ error });
      throw error;
    }
    const controller = new AbortController();
    // Settled by abort() itself: a listener on the signal would cost more than the rest of this setup.
    let stop!: (reason: unknown) => void;
    const aborted = new Promise<never>((_, reject) => {
      stop = reject;
    });
    aborted.catch(() => {}); // only raced, never awaited alone
    const abort = (reason?: unknown) => {
      controller.abort(reason);
      stop(controller.signal.reason);
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort();
    }, timeoutMs);
    const forwardAbort = () => abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });

    const name = operationId ?? path;
    const answer: Answer = {
      signal: controller.signal,
      aborted,
      send: (callFetch as DajiClientOptions['fetch']) ?? config.fetch,
      label: operationId ? `${operationId} (${method} ${path})` : `${method} ${path}`,
    };
    // Built on failure only: it knows the exact sign this request carried, to remove any echo of it.
    const redactor = () => {
      const sign = answer.request ? signer.signOf(answer.request) : undefined;
      return createRedactor(config.appSecret, sign === undefined ? [] : [sign]);
    };

    try {
      const result = (await raw.request(
        method.toLowerCase() as never,
        path as never,
        {
          querySerializer: method === 'GET' ? signedQuery : undefined,
          ...rest,
          body,
          ...(bodySerializer ? { bodySerializer } : {}),
          fetch: (request: Request) => transport(request, answer),
          // The body was read by transport: a success answer is never copied into a second Response.
          parseAs: 'stream',
        } as never,
      )) as { response: Response; error?: unknown };
      let { response } = result;
      let text: string;
      if (answer.text !== undefined && response === answer.handed) {
        text = answer.text;
        // The copy made for middleware is not read here: cancelled, so a middleware's clone of it
        // (a tee) can finish or cancel on its own.
        if (response.ok && hasMiddleware) response.body?.cancel().catch(() => {});
        if (!response.ok && answer.response) response = answer.response;
      } else if (response.ok) {
        // A caller's middleware answered or replaced the answer; its body is read under the same limits.
        text = await readBody(response, aborted, answer.label);
      } else {
        text = typeof result.error === 'string' ? result.error : JSON.stringify(result.error ?? '');
      }
      if (!response.ok) {
        let parsed: unknown = text;
        if (text !== '') {
          try {
            parsed = parseLosslessJson(text);
          } catch {
            parsed = text;
          }
        }
        const error = httpErrorFrom({
          status: response.status,
          statusText: response.statusText,
          body: parsed,
          redact: redactor(),
          ...label,
          ...(operationId ? { operationId } : {}),
        });
        return fail(error, response);
      }
      let envelope: unknown;
      try {
        envelope = text === '' ? undefined : parseLosslessJson(text);
      } catch {
        envelope = undefined;
      }
      if (envelope === undefined) {
        const error = new DajiHttpError({
          code: response.status,
          message: `Daji answered HTTP ${response.status} to ${name} without a JSON envelope`,
          httpStatus: response.status,
          operationId,
          body: { message: redactor().text(text) },
        });
        return fail(error, response);
      }
      if (!isSuccessEnvelope(envelope))
        return fail(businessErrorFrom(envelope, { ...label, redact: redactor() }), response);
      finish({ status: response.status, traceId: envelope.traceId });
      return { data: envelope, response };
    } catch (thrown) {
      // An answer that arrived but cannot be used (a redirect, too large) fails like an HTTP error.
      if (
        answer.response !== undefined &&
        (thrown instanceof DajiResponseTooLargeError ||
          (thrown instanceof DajiHttpError && isRedirect(answer.response)))
      ) {
        return fail(thrown, answer.response);
      }
      // Only transport failures are classified here; thrown results and caller bugs pass through as they are.
      if (!(thrown instanceof DajiNetworkError)) throw thrown;
      let error: DajiError = thrown;
      if (timedOut) {
        error = new DajiTimeoutError({
          code: 'TIMEOUT',
          message: `${name} got no complete answer within ${timeoutMs} ms`,
          operationId,
          cause: thrown.cause,
        });
      } else if (signal?.aborted) {
        error = new DajiAbortError({
          code: 'ABORTED',
          message: `${name} was aborted by the caller`,
          operationId,
          cause: signal.reason,
        });
      } else {
        error.operationId ??= operationId;
      }
      finish({ error });
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }

  return {
    GET: ((path: string, init?: Record<string, unknown>) => call('GET', path, init)) as never,
    POST: ((path: string, init?: Record<string, unknown>) => call('POST', path, init)) as never,
    use(...middleware) {
      // Signing stays last so it covers whatever the caller's middleware changes.
      raw.eject(signer as Middleware);
      raw.use(...middleware, signer as Middleware);
      hasMiddleware = true;
    },
    eject(...middleware) {
      raw.eject(...middleware);
    },
    throwOnError: config.throwOnError,
  };
}
