import type { MaybeOptionalInit, Middleware } from 'openapi-fetch';
import type { DajiFailure, DajiSuccess } from './envelope.js';
import { DajiError, DajiHttpError, DajiResponseTooLargeError } from './errors.js';
import { createClient } from './openapi-fetch.js';
import type { DajiPaths } from './paths.js';
import { buildCall, type Call, prepareBody } from './pipeline/build.js';
import { type Deadline, startDeadline } from './pipeline/deadline.js';
import { decodeAnswer } from './pipeline/decode.js';
import { abortedError, classifyFailure } from './pipeline/failure.js';
import { logCall, type Outcome } from './pipeline/log.js';
import { type DajiClientOptions, validate } from './pipeline/options.js';
import { answerOf, type Exchange, isRedirect, Outgoing, transport } from './pipeline/send.js';
import { createSigner } from './pipeline/sign.js';
import { queryPairs, serializeQuery } from './query.js';
import { createRedactor } from './redact.js';

export type { DajiLogger, DajiLogRecord } from './pipeline/log.js';
export {
  type DajiChecks,
  type DajiClientOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
} from './pipeline/options.js';

const DEBUG_SECRET_WARNING =
  'Daji client: credentials "debug-secret" sends your appSecret with every request instead of a signature. Use it only to debug signing, never in production.';

/** Per-call options besides openapi-fetch's own (`params`, `body`, `signal`, `headers` …). */
export interface DajiCallOptions {
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call (only operations safe to repeat are retried). */
  maxRetries?: number;
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
  /**
   * Add openapi-fetch middleware. It sees the signed request; a GET whose query it changes is signed
   * again. A JSON or form body is signed before middleware runs, so change body fields in `params`/`body`.
   */
  use(...middleware: Middleware[]): void;
  /** Remove middleware added with `use`. */
  eject(...middleware: Middleware[]): void;
  /** Whether failures are thrown (`throwOnError`). */
  readonly throwOnError: ThrowOnError;
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
  const signer = createSigner(config.appKey, config.appSecret, config.credentials);
  const raw = createClient<DajiPaths>({
    baseUrl: config.baseUrl,
    querySerializer: serializeQuery as never,
    headers: config.headers, // openapi-fetch skips undefined headers
  });
  // A GET is signed while its query is serialized; a body, just before openapi-fetch serializes it.
  const signedQuery = (query: Record<string, unknown> | undefined) => signer.pairs(queryPairs(query));
  let middleware = false;
  if (config.credentials === 'debug-secret') config.logger?.warn(DEBUG_SECRET_WARNING);

  async function call(method: 'GET' | 'POST', path: string, init: Record<string, unknown> = {}) {
    // The call, and from its first attempt on also its exchange with Daji.
    const c: Call & Partial<Exchange> = buildCall(method, path, init, config); // build
    let reported: DajiError | undefined;
    // Without a logger, `log?.(…)` does not even build its record.
    const { logger } = config;
    let deadline: Deadline | undefined;
    const log = logger && ((outcome: Outcome) => logCall(logger, c, outcome, c.attempts));
    const fail = (error: DajiError, response: Response): DajiFailure => {
      error.operationId ??= c.operationId;
      log?.({ status: response.status, error });
      if (!config.throwOnError) return { error, response };
      reported = error;
      throw error;
    };
    try {
      const body = c.bodySerializer ? await prepareBody(c) : c.body;
      config.checks?.(c.name, c.query, body); // checks
      if (c.signal?.aborted) {
        reported = abortedError(c, 'before it was sent');
        throw reported;
      }
      deadline = startDeadline(c.timeoutMs, c.signal);
      const signed = body && typeof body === 'object' ? signer.fields(body as Record<string, unknown>) : body; // sign
      const x: Exchange = Object.assign(c, {
        deadline,
        limiter: config.limiter,
        maxResponseBytes: config.maxResponseBytes,
        middleware,
        redactText,
        sign: (signed as { sign?: string })?.sign,
        attempts: 0,
      });
      const result = await raw.request(
        method as never, // openapi-fetch upper-cases it itself
        path as never,
        {
          querySerializer: method === 'GET' ? signedQuery : undefined,
          ...c.init,
          body: signed,
          bodySerializer: c.bodySerializer ?? c.init.bodySerializer,
          fetch: (request: Request | Outgoing) =>
            transport(middleware ? signer.again(request as Request) : request, x), // limit, send
          parseAs: 'stream', // the answer was read by transport, never copied
          // Middleware sees a real Request; without it (or a body serializer of the caller's, whose body
          // may be a one-time stream) openapi-fetch hands over the URL and init alone.
          Request: middleware || c.init.bodySerializer ? undefined : Outgoing,
        } as never,
      );
      const { response, text } = await answerOf(result as never, x);
      const decoded = decodeAnswer(response, text, c, () => redactorOf(x)); // decode
      if (decoded instanceof DajiError) return fail(decoded, response); // map
      log?.({ status: response.status, traceId: decoded.traceId }); // log
      return { data: decoded, response };
    } catch (thrown) {
      if (thrown === reported) {
        if (!deadline) log?.({ error: reported });
        throw thrown;
      }
      // An answer that arrived but cannot be used (a redirect, too large) fails like an HTTP error.
      const arrived = c.response;
      if (
        arrived &&
        (thrown instanceof DajiResponseTooLargeError ||
          (thrown instanceof DajiHttpError && isRedirect(arrived)))
      ) {
        return fail(thrown, arrived);
      }
      const error = classifyFailure(thrown, deadline, c); // map
      log?.({ error });
      throw error;
    } finally {
      deadline?.dispose();
    }
  }

  // Built on failure only: it knows the exact sign this request carried, to remove any echo of it.
  function redactorOf(x: Partial<Exchange>) {
    const sign = x.sign ?? (x.request ? signer.signOf(x.request.url) : undefined);
    return createRedactor(config.appSecret, sign === undefined ? [] : [sign]);
  }

  return {
    GET: ((path: string, init?: Record<string, unknown>) => call('GET', path, init)) as never,
    POST: ((path: string, init?: Record<string, unknown>) => call('POST', path, init)) as never,
    use(...added) {
      raw.use(...added);
      middleware = true;
    },
    eject(...removed) {
      raw.eject(...removed);
    },
    throwOnError: config.throwOnError,
  };
}
