/**
 * The Node build's transport: node:http(s) over keep-alive connections, for calls that would otherwise go
 * out through the global `fetch`. Node's `fetch` runs the whole Fetch algorithm in JavaScript for every
 * request (Request and Response objects, web streams, signal plumbing); on a busy catalogue sync that is
 * most of the client's time. The answer is read here, under the call's deadline and `maxResponseBytes`,
 * and handed on as a `Response` like the one `fetch` would give.
 *
 * The global `fetch` is still used whenever this transport could behave differently: a body that is not
 * text (a multipart form), a URL that is not http(s), a global `fetch` that was replaced (a test double,
 * an interceptor) or an undici dispatcher of the app's own (a proxy, a mock agent, an agent with TLS options).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { constants, createBrotliDecompress, createGunzip, createInflate, type Gunzip } from 'node:zlib';
import { type Exchange, tooLarge } from '../pipeline/send.js';

// Idle connections are closed after 4 s, as Node's fetch does, or sooner when the server says so
// (`Keep-Alive: timeout=…`), so a connection the server is about to close is not reused.
const IDLE_MS = 4_000;
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_MS }),
};
const requests = { 'http:': httpRequest, 'https:': httpsRequest };

/** The global `fetch` as it was when the client loaded: Node's own, unless something replaced it first. */
const loadedFetch = globalThis.fetch;
const nativeFetch =
  typeof loadedFetch === 'function' && Function.prototype.toString.call(loadedFetch).includes('undici');
const DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** Whether the global `fetch` is Node's own, sending through Node's default connection pool. */
function fetchIsNodes(): boolean {
  if (!nativeFetch || globalThis.fetch !== loadedFetch) return false;
  const dispatcher = (globalThis as Record<symbol, unknown>)[DISPATCHER];
  if (dispatcher === undefined) return true;
  if (dispatcher !== judged) {
    judged = dispatcher;
    judgedDefault = isDefaultAgent(dispatcher as object);
  }
  return judgedDefault;
}
let judged: unknown;
let judgedDefault = false;

/**
 * Node installs an `Agent` built without options on its first fetch. A ProxyAgent, a MockAgent or an Agent
 * built with options of the app's (TLS certificates, a `connect` function, pool sizes) is the app's choice,
 * and so is any dispatcher whose options cannot be read.
 */
function isDefaultAgent(dispatcher: object): boolean {
  if (dispatcher.constructor?.name !== 'Agent') return false;
  const key = Object.getOwnPropertySymbols(dispatcher).find((symbol) => symbol.description === 'options');
  const options = key && (dispatcher as Record<symbol, unknown>)[key];
  return (
    !!options && typeof options === 'object' && Object.values(options).every((value) => value === undefined)
  );
}

const utf8 = new TextDecoder();
/** How to drop the body an exchange has not read yet. */
const cancels = new WeakMap<Exchange, () => void>();

/**
 * Sends one attempt, or returns undefined to leave it to the global `fetch`. The answer's body is left on
 * `x.unread`, for the send stage to read (or drop) like a fetch body.
 */
export function nodeSend(url: string, init: RequestInit, x: Exchange): Promise<Response> | undefined {
  const { body } = init;
  if ((body !== undefined && body !== null && typeof body !== 'string') || !fetchIsNodes()) return undefined;
  const protocol = url.startsWith('https:') ? 'https:' : url.startsWith('http:') ? 'http:' : undefined;
  if (!protocol) return undefined;
  // An earlier attempt's answer, dropped for a retry: its connection is closed, as fetch's would be.
  cancels.get(x)?.();
  x.unread = undefined;
  const signal = init.signal!;
  const headers: Record<string, string> = {};
  const given = init.headers;
  for (const [name, value] of given instanceof Headers ? given : new Headers(given)) headers[name] = value;
  // What Node's fetch adds to every request, so the server sees the same thing.
  headers.accept ??= '*/*';
  headers['accept-language'] ??= '*';
  headers['sec-fetch-mode'] ??= 'cors';
  headers['user-agent'] ??= 'node';
  headers['accept-encoding'] ??= 'gzip, deflate';
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise<Response>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const req = requests[protocol](url, { method: init.method ?? 'GET', headers, agent: agents[protocol] });
    // Stops listening for the call's abort and closes the connection.
    const close = () => {
      signal.removeEventListener('abort', onAbort);
      req.destroy();
    };
    // Before the answer's head arrives a failure rejects the send; after it, the reading of the body.
    let fail = (error: unknown) => {
      close();
      reject(error);
    };
    const onAbort = () => fail(signal.reason);
    signal.addEventListener('abort', onAbort);
    req.on('error', (error) => fail(error));
    req.on('response', (res) => {
      const status = res.statusCode!;
      if (status < 200 || status > 599) {
        fail(new Error(`the answer's HTTP status ${status} is outside 200–599`));
        return;
      }
      const response = new Response(null, {
        status,
        statusText: res.statusMessage,
        headers: headersOf(res),
      });
      if (status >= 300 && status < 400) {
        // The send stage never follows a redirect nor reads its body.
        close();
        resolve(response);
        return;
      }
      let settle: ((text: string) => void) | undefined;
      let refuse: ((error: unknown) => void) | undefined;
      const read = new Promise<string>((done, failed) => {
        settle = done;
        refuse = failed;
      });
      read.catch(() => {}); // awaited by the send stage, or dropped with the attempt
      fail = (error) => {
        close();
        refuse!(error);
      };
      readAnswer(
        res,
        x,
        (text) => {
          signal.removeEventListener('abort', onAbort);
          cancels.delete(x);
          settle!(text);
        },
        (error) => fail(error),
      );
      x.unread = () => read;
      cancels.set(x, () => fail(new Error('the answer was dropped unread')));
      resolve(response);
    });
    req.end(body ?? undefined);
  });
}

/** The headers as Node received them, names and order kept, as fetch hands them over. */
function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** Reads the body, decoded, stopping at `maxResponseBytes`. */
function readAnswer(
  res: IncomingMessage,
  x: Exchange,
  done: (text: string) => void,
  fail: (error: unknown) => void,
): void {
  const limit = x.maxResponseBytes;
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  const declared = Number(res.headers['content-length'] ?? Number.NaN);
  const identity = encoding === undefined || encoding === '' || encoding === 'identity';
  if (identity && declared > limit) {
    fail(tooLarge(limit, x.label, res.statusCode!));
    return;
  }
  const decoder = decoderFor(encoding);
  const source: NodeJS.ReadableStream = decoder ? res.pipe(decoder) : res;
  const chunks: Buffer[] = [];
  let bytes = 0;
  if (decoder) {
    decoder.on('error', (error) => fail(error));
  }
  res.on('error', (error) => fail(error));
  res.on('close', () => {
    if (!res.complete) fail(new Error('the connection closed before the answer was complete'));
  });
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > limit) {
      decoder?.destroy();
      fail(tooLarge(limit, x.label, res.statusCode!));
      return;
    }
    chunks.push(chunk);
  });
  source.on('end', () => {
    if (bytes > limit) return;
    done(utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes)));
  });
}

/** A decoder for the encodings Node's fetch decodes; other encodings are passed through as they are. */
function decoderFor(encoding: string | undefined): Gunzip | undefined {
  // Lenient like fetch: a body cut short after its last complete block still decodes.
  const options = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(options);
    case 'deflate':
      return createInflate(options);
    case 'br':
      return createBrotliDecompress({
        flush: constants.BROTLI_OPERATION_FLUSH,
        finishFlush: constants.BROTLI_OPERATION_FLUSH,
      }) as unknown as Gunzip;
    default:
      return undefined;
  }
}
