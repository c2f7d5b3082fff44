import type { MessageHandler } from './handler.js';

// The parts of node:http's IncomingMessage and ServerResponse this adapter uses, written out so the
// published types need no @types/node: a browser or edge project importing the messages entry compiles.

// A method's parameter is compared both ways, so any listener a Node stream takes fits, Buffer-typed ones too.
type NodeListener = { bivariant(...args: unknown[]): void }['bivariant'];

/** A Node request (`http.IncomingMessage`), possibly after a body parser (Express) put its result in `body`. */
export interface NodeRequest {
  method?: string | undefined;
  url?: string | undefined;
  rawHeaders: string[];
  readableEnded: boolean;
  body?: unknown;
  // 'data' hands Node Buffers (Uint8Arrays), 'end' nothing, 'error' an Error.
  on(event: string, listener: NodeListener): unknown;
  off(event: string, listener: NodeListener): unknown;
  pause(): unknown;
  resume(): unknown;
  setTimeout(ms: number): unknown;
  destroy(): unknown;
}

/** A Node response (`http.ServerResponse`). */
export interface NodeResponse {
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string | Uint8Array): unknown;
  once(event: 'close', listener: () => void): unknown;
}

export interface NodeListenerOptions {
  /**
   * Longest a request may take from when the listener sees it to the end of its answer; a sender
   * trickling its body (or a stalled socket) is cut off. Answered 408 if nothing was sent yet.
   * Default 60 000, above the handler's default `handlerTimeoutMs` of 30 000.
   */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
// Methods the Fetch API refuses to represent; anything but POST is answered 405 anyway.
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function plain(res: NodeResponse, status: number, text: string, headers: Record<string, string> = {}) {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

/**
 * Adapts a message handler to `node:http` and Express-style servers: `(req, res) => void`.
 *
 * The signature covers the message text, so the receiver needs the body as sent. Mount it before
 * any body parser (best), or behind `express.raw({ type: () => true })`. Behind `express.urlencoded()` or
 * `express.json()` it still works, because the parsed `message` field is the signed text; any other
 * consumed body is answered 400 with a reason saying so.
 *
 * @example http.createServer(toNodeListener(createMessageHandler({ appSecret, onMessage })))
 */
export function toNodeListener(
  handler: MessageHandler,
  options: NodeListenerOptions = {},
): (req: NodeRequest, res: NodeResponse, next?: (error?: unknown) => void) => void {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2_147_483_647) {
    throw new RangeError(
      `toNodeListener: requestTimeoutMs must be a whole number of milliseconds from 1 to 2147483647, got ${String(timeoutMs)}.`,
    );
  }
  return (req, res, next) => {
    if (FORBIDDEN_METHODS.has((req.method ?? '').toUpperCase())) {
      plain(res, 405, `Method ${req.method} is not allowed; push messages are POSTed.\n`, { allow: 'POST' });
      return;
    }
    // Idle socket and whole-request deadline: a slow or stalled sender cannot hold the connection.
    const timer = setTimeout(() => {
      plain(res, 408, 'Request took too long.\n', { connection: 'close' });
      req.destroy();
    }, timeoutMs);
    timer.unref?.();
    req.setTimeout(timeoutMs);
    res.once('close', () => clearTimeout(timer));
    respond(handler, req, res).catch((error: unknown) => {
      if (next) return next(error);
      plain(res, 500, 'Internal error while handling the message.\n');
    });
  };
}

async function respond(handler: MessageHandler, req: NodeRequest, res: NodeResponse): Promise<void> {
  let request: Request | undefined;
  try {
    request = toRequest(req);
  } catch {
    // An absolute-form request line with a bad port or host, and the like: nothing a handler can read.
    plain(res, 400, 'Malformed request line or headers.\n', { connection: 'close' });
    return;
  }
  const response =
    request ??
    new Response(
      'Body was already consumed by a body parser; mount the receiver before it or use express.raw().\n',
      { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } },
    );
  const answer = response instanceof Request ? await handler(response) : response;
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = new Uint8Array(await answer.arrayBuffer());
  if (res.headersSent || res.destroyed) return; // timed out meanwhile
  res.writeHead(answer.status, headers);
  res.end(body);
}

function toRequest(req: NodeRequest): Request | undefined {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });

  const parsed = req.body;
  let body: string | Uint8Array<ArrayBuffer>;
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) {
    // express.raw() gives a Buffer over a plain ArrayBuffer; the cast only narrows the buffer type.
    body = parsed as string | Uint8Array<ArrayBuffer>;
  } else if (isParsedPush(parsed)) {
    const isJson = /json/i.test(headers.get('content-type') ?? '');
    const fields: Record<string, string> = { message: parsed.message };
    for (const field of ['_dj_signature', '_aop_signature'] as const) {
      const value = parsed[field];
      if (typeof value === 'string') fields[field] = value;
    }
    body = isJson ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
    headers.set('content-type', isJson ? 'application/json' : 'application/x-www-form-urlencoded');
  } else if (req.readableEnded) {
    return undefined;
  } else {
    return new Request(url, { method, headers, body: streamOf(req), duplex: 'half' } as RequestInit);
  }
  // The re-encoded body has its own length; the original header would only mislead the size check.
  headers.delete('content-length');
  return new Request(url, { method, headers, body });
}

function isParsedPush(
  value: unknown,
): value is { message: string; _dj_signature?: unknown; _aop_signature?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The request body as a Web stream that reads only as fast as the handler consumes it. */
function streamOf(req: NodeRequest): ReadableStream<Uint8Array> {
  let onData: (chunk: Uint8Array) => void;
  let onEnd: () => void;
  let onError: (error: Error) => void;
  const detach = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onData = (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      onEnd = () => {
        detach();
        controller.close();
      };
      onError = (error) => {
        detach();
        controller.error(error);
      };
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', onError);
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      // The handler stopped reading (body too large): discard the rest as it arrives, without keeping
      // it, so Node can still send the answer; the handler asks for the connection to be closed.
      detach();
      req.resume();
    },
  });
}
