/**
 * The limit and send stages: every attempt first asks the limiter, then goes out under the call's one
 * deadline and signal, never following a redirect; the answer is read whole, within the deadline and
 * `maxResponseBytes`. Operations safe to repeat are sent again after a network error or a retryable
 * status, as long as the wait fits before the deadline.
 */
import { parseRetryAfter, sleep } from '@daji-openapi/retry-policies';
import {
  DajiError,
  DajiHttpError,
  DajiNetworkError,
  DajiResponseTooLargeError,
  DajiTimeoutError,
} from '../errors.js';
import type { DajiRateLimiter } from '../limiter.js';
import type { Call } from './build.js';
import type { Deadline } from './deadline.js';
import { isRetryableStatus, retryDelay } from './retry.js';

/**
 * A call as the send stage carries it: the built call itself, given its deadline and what it sends and
 * receives; `call` reads the answer from here rather than from openapi-fetch.
 */
export interface Exchange extends Call {
  readonly deadline: Deadline;
  readonly limiter: DajiRateLimiter | undefined;
  readonly maxResponseBytes: number;
  /** Whether the caller added middleware, which must see whole answers. */
  readonly middleware: boolean;
  readonly redactText: (text: string) => string;
  /** Attempts sent so far. */
  attempts: number;
  /** The attempt last sent (its URL names a redirect's origin and the sign it carried). */
  request?: { readonly url: string };
  /** The answer as it arrived, and its decoded body. */
  response?: Response;
  text?: string;
  /** What was handed to openapi-fetch; a caller's middleware may have replaced it since. */
  handed?: Response;
  /** The sign of a signed body, to redact an echo of it (a query's is read from the URL). */
  sign?: string | undefined;
  /** The body of the attempt's answer, when the runtime's own transport is reading it. */
  unread?: (() => Promise<string>) | undefined;
}

/** A transport of the runtime's own (the Node build's), tried first for calls the global fetch would send. */
type OwnSend = (url: string, init: RequestInit, x: Exchange) => Promise<Response> | undefined;
let ownSend: OwnSend | undefined;
export const useOwnSend = (send: OwnSend) => {
  ownSend = send;
};

/**
 * Any failure to get an answer is a network error; the call then tells timeouts and aborts apart. `work`
 * is raced against the deadline when it may ignore the call's signal: a `fetch`, limiter or middleware of
 * the caller's. The global `fetch` honours it, for the answer and its body, so alone it is not raced.
 */
export async function network<T>(work: Promise<T>, x: Exchange): Promise<T> {
  try {
    return await (x.fetch || x.limiter || x.middleware ? x.deadline.race(work) : work);
  } catch (cause) {
    if (cause instanceof DajiError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DajiNetworkError({
      code: 'NETWORK',
      message: `no answer from Daji: ${x.redactText(reason)}`,
      cause,
    });
  }
}

/**
 * What openapi-fetch builds, in place of a `Request`, for a call no middleware of the caller's sees: its URL
 * and init, untouched. The only `Request` is then the one `fetch` makes, where openapi-fetch would build
 * one and `fetch` a second from it; and its body (text or a form) can be sent again as it is.
 */
export class Outgoing {
  // Declared only: set once, by the constructor.
  declare readonly url: string;
  declare readonly init: RequestInit;
  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
  }
}

/** One attempt, under the call's signal and never following a redirect. */
function send(request: Request | Outgoing, x: Exchange): Promise<Response> {
  // An Outgoing's init is this call's own, built by openapi-fetch for it alone; a Request keeps its own.
  const outgoing = request instanceof Outgoing;
  const url = outgoing ? request.url : request;
  const init: RequestInit = outgoing ? request.init : {};
  init.signal = x.deadline.signal;
  init.redirect = 'manual';
  // A fetch of the caller's gets a real Request, as it always has.
  if (x.fetch) return x.fetch(new Request(url, init));
  return (outgoing && ownSend?.(url as string, init, x)) || fetch(url, init);
}

/** The `fetch` handed to openapi-fetch for one call. */
export async function transport(request: Request | Outgoing, x: Exchange): Promise<Response> {
  const { signal } = x.deadline;
  let next = request;
  for (;;) {
    x.attempts++;
    const current = next;
    const more = x.attempts <= x.maxRetries;
    // A Request's body can be sent once: keep a copy for the next attempt.
    if (more && current instanceof Request && current.body !== null) next = current.clone();
    if (x.limiter) await acquire(x);
    x.request = current;
    let response: Response | undefined;
    let failure: unknown;
    try {
      response = await network(send(current, x), x);
    } catch (error) {
      // A timeout or the caller's abort ends the call; other failures may be retried.
      if (signal.aborted || !more) throw error;
      failure = error;
    }
    if (response?.status === 429) {
      x.limiter?.throttled?.({
        operationId: x.operationId,
        status: 429,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      });
    }
    if (response && (!more || !isRetryableStatus(response.status))) return receive(response, x);
    const wait = retryDelay(x.attempts, response);
    if (wait === undefined || Date.now() + wait >= x.deadline.at) {
      if (response) return receive(response, x);
      throw failure;
    }
    // The dropped answer's body is never read; free its connection without waiting for it (the runtime's
    // own transport drops it when the next attempt starts).
    response?.body?.cancel().catch(() => {});
    await network(sleep(wait, signal), x);
  }
}

async function acquire(x: Exchange): Promise<void> {
  try {
    await network(
      x.limiter!.acquire({
        operationId: x.operationId,
        method: x.method,
        path: x.path,
        attempt: x.attempts,
        deadline: x.deadline.at,
        signal: x.deadline.signal,
      }),
      x,
    );
  } catch (error) {
    if (x.deadline.signal.aborted) throw error;
    const cause = error instanceof DajiNetworkError ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const { name } = x;
    throw (cause as { name?: unknown } | null)?.name === 'TimeoutError'
      ? new DajiTimeoutError({
          code: 'TIMEOUT',
          message: `${name} could not be sent within its deadline: ${reason}`,
          operationId: x.operationId,
          cause,
        })
      : new DajiError({
          code: 'RATE_LIMITER',
          message: `${name} was not sent: the rate limiter failed: ${reason}`,
          operationId: x.operationId,
          cause,
        });
  }
}

/** The answer and its text: as transport read it, or as a caller's middleware replaced it. */
export async function answerOf(
  result: { response: Response; error?: unknown },
  x: Exchange,
): Promise<{ response: Response; text: string }> {
  const { response } = result;
  if (x.text !== undefined && response === x.handed) {
    // The copy made for middleware is not read here: cancelled, so a middleware's clone of it (a tee)
    // can finish or cancel on its own.
    if (response.ok && x.middleware) response.body?.cancel().catch(() => {});
    return { response: !response.ok && x.response ? x.response : response, text: x.text };
  }
  if (response.ok) return { response, text: await readBody(response, x) };
  const { error } = result;
  return { response, text: typeof error === 'string' ? error : JSON.stringify(error ?? '') };
}

/** Refuses redirects, reads the body, and hands openapi-fetch what it needs. */
async function receive(response: Response, x: Exchange): Promise<Response> {
  x.response = response;
  if (isRedirect(response)) {
    response.body?.cancel().catch(() => {});
    const target = redirectTarget(response, x.request!.url);
    const status = response.status;
    throw new DajiHttpError({
      code: status === 0 ? 'REDIRECT' : status,
      message: `Daji answered ${status === 0 ? 'a redirect' : `HTTP ${status}`} to ${x.label}, pointing to ${x.redactText(target)}. The client never follows redirects, so nothing was sent there; check baseUrl (e.g. https, no trailing path).`,
      httpStatus: status === 0 ? undefined : status,
      body: { message: `redirect to ${x.redactText(target)}`, ...(status === 0 ? {} : { status }) },
    });
  }
  const text = await readBody(response, x);
  x.text = text;
  // Without middleware of the caller's, a success answer is never copied; openapi-fetch gets no error
  // body to read, since `call` parses the text itself. Middleware sees the whole body.
  if (response.ok && !x.middleware) {
    x.handed = response;
    return response;
  }
  const headers = new Headers(response.headers);
  // The body is already decoded and may differ in length from what was on the wire.
  headers.delete('content-encoding');
  headers.delete('content-length');
  x.handed = new Response(x.middleware ? text : null, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  return x.handed;
}

/**
 * The decoded body as text, read chunk by chunk under the call's deadline and stopped at the limit, so
 * neither a slow nor a huge (or decompression-bomb) answer can outlive the timeout or fill memory.
 */
export async function readBody(response: Response, x: Exchange): Promise<string> {
  if (x.unread) return network(x.unread(), x);
  if (response.body === null) return '';
  const limit = x.maxResponseBytes;
  const encoding = response.headers.get('content-encoding');
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const identity = encoding === null || encoding === 'identity';
  if (identity && declared <= limit) {
    // The length is known and within the limit (HTTP refuses a longer body): read it in one piece.
    return network(response.text(), x);
  }
  const reader = response.body.getReader();
  try {
    if (identity && declared > limit) throw tooLarge(limit, x.label, response.status);
    // The chunks are kept as the runtime handed them over and decoded once at the end: a body that
    // crosses the limit is dropped having cost no copy of its own, and text is made only for a body kept.
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for (;;) {
      const chunk = await network(reader.read(), x);
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
      if (bytes > limit) throw tooLarge(limit, x.label, response.status);
      chunks.push(chunk.value);
    }
    const body = new Uint8Array(bytes);
    bytes = 0;
    for (const chunk of chunks) {
      body.set(chunk, bytes);
      bytes += chunk.byteLength;
    }
    return new TextDecoder().decode(body);
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
}

export function isRedirect(response: Response): boolean {
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

export function tooLarge(limit: number, label: string, httpStatus: number): DajiResponseTooLargeError {
  return new DajiResponseTooLargeError({
    code: 'RESPONSE_TOO_LARGE',
    message: `The answer to ${label} is larger than maxResponseBytes (${limit} bytes after decoding); reading stopped. Raise createDajiClient({ maxResponseBytes }) if such answers are expected.`,
    httpStatus,
    limitBytes: limit,
  });
}
