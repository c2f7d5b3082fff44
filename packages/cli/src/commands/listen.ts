import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONNECTION_OPTIONS, intOption, parse } from '../args.js';
import { DEFAULT_BASE_URL, readConnection } from '../credentials.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { type Io, line } from '../io.js';
import { reportError } from '../report.js';

const HELP = `Usage: daji listen [--port 3000] [--forward-to URL] [options]

A local receiver for the order and logistics messages Daji pushes. Each message's signature is
verified with your app secret (createMessageHandler from @daji-openapi/client/messages), duplicates
are answered without being printed again, and each new message is printed as one readable line
followed by its JSON (ids exact). Bad signatures are refused with 401 and reported on stderr.

  --port N          port to listen on (default 3000; 0 picks a free one)
  --host HOST       interface (default 127.0.0.1)
  --path PATH       only this path receives messages (default: every path)
  --forward-to URL  also POST each verified message, exactly as received, to URL; the sender gets
                    200 only once URL answered 2xx, so a failure there means a redelivery
  --json            print one JSON line per message: {"receivedAt","type","msgId","orderId","message"}
  --no-register     with the sandbox as --base-url, do not register this receiver as the push target

Credentials: DAJI_APP_SECRET (or --app-secret-file) verifies the messages. With DAJI_BASE_URL (or
--base-url) pointing at the daji-mock sandbox, daji listen registers itself as the push target of
DAJI_APP_KEY. With Daji itself, set the push URL in the Daji console.

Ctrl-C stops the receiver (exit 0).

Try it against the mock server's sample pushes:
  daji listen --port 3000 &
  npx daji-mock push --to http://127.0.0.1:3000/ --type ORDER_BUYER_VIEW_ORDER_PAY`;

const MAX_BODY = 1024 * 1024;

/** The first order id anywhere in a message (order, batch and logistics topics put it in different places). */
function findOrderId(value: unknown, depth = 0): string | undefined {
  if (depth > 6 || value === null || typeof value !== 'object') return undefined;
  if (!Array.isArray(value)) {
    const { orderId } = value as { orderId?: unknown };
    if (typeof orderId === 'string' || typeof orderId === 'number') return String(orderId);
  }
  for (const child of Object.values(value)) {
    const found = findOrderId(child, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

interface Delivery {
  body: Buffer;
  contentType: string;
}

export async function runListen(argv: string[], io: Io): Promise<number> {
  try {
    const { values } = parse(
      argv,
      {
        ...CONNECTION_OPTIONS,
        port: { type: 'string' },
        host: { type: 'string' },
        path: { type: 'string' },
        'forward-to': { type: 'string' },
        json: { type: 'boolean' },
        'no-register': { type: 'boolean' },
      },
      'listen',
    );
    if (values.help) {
      line(io.stdout, HELP);
      return EXIT.ok;
    }
    const port = intOption(values.port, 'port', { min: 0, max: 65_535, fallback: 3000 });
    const host = values.host ?? '127.0.0.1';
    let forwardTo: URL | undefined;
    if (values['forward-to'] !== undefined) {
      try {
        forwardTo = new URL(values['forward-to']);
      } catch {
        forwardTo = undefined;
      }
      if (!forwardTo || !/^https?:$/.test(forwardTo.protocol)) {
        throw new UsageError(
          `--forward-to must be an http(s) URL, e.g. http://127.0.0.1:8080/daji/messages.`,
        );
      }
    }
    const connection = await readConnection(values, io);
    if (connection.appSecret === undefined) {
      throw new UsageError(
        'daji listen verifies each message with your app secret: set DAJI_APP_SECRET or pass --app-secret-file FILE.',
      );
    }
    const json = values.json === true;
    const { createMessageHandler } = await import('@daji-openapi/client/messages');
    const current = new AsyncLocalStorage<Delivery>();

    const handle = createMessageHandler({
      appSecret: connection.appSecret,
      async onMessage(message) {
        const delivery = current.getStore()!;
        const orderId = findOrderId(message.data);
        const receivedAt = new Date().toISOString();
        let forwarded: number | undefined;
        if (forwardTo) {
          // Forwarded as received, signature included, so the target verifies it like a real push.
          const response = await fetch(forwardTo, {
            method: 'POST',
            headers: { 'content-type': delivery.contentType },
            body: new Uint8Array(delivery.body),
            signal: AbortSignal.timeout(30_000),
          }).catch((error: unknown) => {
            line(
              io.stderr,
              `daji listen: forwarding msgId ${message.msgId} to ${forwardTo!.href} failed: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
            );
            throw error;
          });
          await response.arrayBuffer().catch(() => undefined);
          forwarded = response.status;
          if (!response.ok) {
            line(
              io.stderr,
              `daji listen: ${forwardTo.href} answered HTTP ${response.status} to msgId ${message.msgId}; the sender will redeliver it.`,
            );
            throw new Error(`forward target answered HTTP ${response.status}`);
          }
        }
        if (json) {
          line(
            io.stdout,
            JSON.stringify({
              receivedAt,
              type: message.type,
              msgId: message.msgId,
              orderId,
              message,
              ...(forwarded !== undefined && { forwarded }),
            }),
          );
        } else {
          line(
            io.stdout,
            `${receivedAt}  ${message.type}  msgId ${message.msgId}${orderId ? `  order ${orderId}` : ''}${forwarded !== undefined ? `  → forwarded (HTTP ${forwarded})` : ''}`,
          );
          line(io.stdout, JSON.stringify(message));
        }
      },
    });

    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (values.path !== undefined && url.pathname !== values.path) {
        res
          .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`Messages are received at ${values.path}.\n`);
        return;
      }
      void (async () => {
        const body = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
        if (body === undefined) {
          res
            .writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
            .end('Body too large.\n');
          return;
        }
        const contentType = req.headers['content-type'] ?? 'application/x-www-form-urlencoded';
        const request = new Request(url, {
          method: req.method ?? 'GET',
          headers: { 'content-type': contentType },
          ...(req.method === 'POST' && { body: new Uint8Array(body) }),
        });
        const answer = await current.run({ body, contentType }, () => handle(request));
        const text = await answer.text();
        if (answer.status !== 200) {
          line(
            io.stderr,
            `daji listen: answered ${answer.status} to ${req.method} ${url.pathname}: ${text.trim()}`,
          );
        } else if (/Duplicate/.test(text)) {
          line(io.stderr, `daji listen: a redelivered message was acknowledged again (not printed twice).`);
        }
        res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(text);
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal error while handling the message.\n');
        line(io.stderr, `daji listen: ${(error as Error).message}`);
      });
    });
    // Ctrl-C is handled from before the receiver announces itself, so it always ends in a clean stop.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new UsageError(
                `port ${port} on ${host} is in use; pick another with --port (0 = any free port).`,
              )
            : error,
        ),
      );
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const receiverUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}${values.path ?? '/'}`;
    line(
      io.stderr,
      `daji listen: receiving push messages at ${receiverUrl} (verified with the app secret from ${connection.sources.appSecret})${forwardTo ? `, forwarding to ${forwardTo.href}` : ''}. Ctrl-C to stop.`,
    );

    if (
      !values['no-register'] &&
      connection.baseUrl !== DEFAULT_BASE_URL &&
      connection.appKey !== undefined
    ) {
      await registerWithSandbox(io, connection.baseUrl, connection.appKey, receiverUrl);
    }

    await stopped;
    line(io.stderr, 'daji listen: stopped.');
    return EXIT.ok;
  } catch (error) {
    return reportError(io, 'listen', error);
  }
}

/** With the daji-mock sandbox as base URL, makes this receiver the push target of the app key. */
async function registerWithSandbox(
  io: Io,
  baseUrl: string,
  appKey: string,
  receiverUrl: string,
): Promise<void> {
  const url = new URL(
    `__sandbox/push-target?appKey=${encodeURIComponent(appKey)}`,
    baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
  );
  try {
    const response = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiverUrl }),
      signal: AbortSignal.timeout(5000),
    });
    const text = await response.text();
    if (response.ok) {
      line(
        io.stderr,
        `daji listen: registered with the sandbox at ${baseUrl} as the push target of app key ${appKey}.`,
      );
    } else if (response.status !== 404) {
      line(
        io.stderr,
        `daji listen: the sandbox at ${baseUrl} refused the registration (HTTP ${response.status}): ${text.slice(0, 300).trim()}`,
      );
    }
  } catch {
    // Not a sandbox, or not reachable: messages still arrive from wherever they are sent.
  }
}
