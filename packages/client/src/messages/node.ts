import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MessageHandler } from './handler.js';

/** A Node request, possibly after a body parser (Express, Connect) put its result in `body`. */
export type NodeRequest = IncomingMessage & { body?: unknown };

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
): (req: NodeRequest, res: ServerResponse, next?: (error?: unknown) => void) => void {
  return (req, res, next) => {
    respond(handler, req, res).catch((error: unknown) => {
      if (next) return next(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error while handling the message.\n');
    });
  };
}

async function respond(handler: MessageHandler, req: NodeRequest, res: ServerResponse): Promise<void> {
  const request = toRequest(req);
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
  res.writeHead(answer.status, headers);
  res.end(new Uint8Array(await answer.arrayBuffer()));
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
    if (typeof parsed._aop_signature === 'string') fields._aop_signature = parsed._aop_signature;
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

function isParsedPush(value: unknown): value is { message: string; _aop_signature?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The request body as a Web stream that reads only as fast as the handler consumes it. */
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let onData: (chunk: Buffer) => void;
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
