import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AnyDajiMessage,
  createMessageHandler,
  type NodeRequest,
  toNodeListener,
} from '../../src/messages.js';
import { APP_SECRET, expectedSignature, ORDER_PAY_TEXT } from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

type Middleware = (req: NodeRequest, res: ServerResponse, next: () => void) => void;

/** A real node:http server on 127.0.0.1 with the receiver mounted, optionally behind a body parser. */
async function serve(options: { maxBodyBytes?: number; before?: Middleware } = {}) {
  const received: AnyDajiMessage[] = [];
  const handle = createMessageHandler({
    appSecret: APP_SECRET,
    maxBodyBytes: options.maxBodyBytes,
    onMessage: (message) => void received.push(message),
  });
  const listener = toNodeListener(handle);
  const server = createServer((req: IncomingMessage, res) => {
    if (options.before) options.before(req, res, () => listener(req, res));
    else listener(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/daji/messages`, received };
}

const signedForm = () =>
  new URLSearchParams({
    message: ORDER_PAY_TEXT,
    _dj_signature: expectedSignature(ORDER_PAY_TEXT),
  }).toString();

function post(url: string, body: BodyInit, contentType = 'application/x-www-form-urlencoded') {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
}

/** Reads the whole body, like express.urlencoded()/express.raw() do before the route runs. */
function bodyParser(kind: 'urlencoded' | 'json' | 'raw' | 'discard'): Middleware {
  return (req, _res, next) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (kind === 'raw') req.body = raw;
      if (kind === 'urlencoded') req.body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      if (kind === 'json') req.body = JSON.parse(raw.toString('utf8'));
      next();
    });
  };
}

describe('toNodeListener under node:http', () => {
  it('processes a signed push and answers 200', async () => {
    const { url, received } = await serve();
    const res = await post(url, signedForm());
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('OK\n');
    expect(received).toMatchObject([{ msgId: '92705609220', data: { orderId: '2237938826932135493' } }]);
  });

  it('answers 401 with its reason to a wrong signature', async () => {
    const { url, received } = await serve();
    const body = new URLSearchParams({ message: ORDER_PAY_TEXT, _dj_signature: expectedSignature('x') });
    const res = await post(url, body.toString());
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('Signature "_dj_signature" does not match the message.\n');
    expect(received).toEqual([]);
  });

  it('answers 405 to GET', async () => {
    const { url } = await serve();
    const res = await fetch(url);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    await res.body?.cancel();
  });

  it('answers 413 to an oversized body with a declared length', async () => {
    const { url, received } = await serve({ maxBodyBytes: 1024 });
    const res = await post(url, `message=${'a'.repeat(200 * 1024)}`);
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('Body is larger than the limit of 1024 bytes.\n');
    expect(received).toEqual([]);
  });

  it('answers 413 to an oversized chunked body', async () => {
    const { url, received } = await serve({ maxBodyBytes: 4096 });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 256 * 1024) return controller.close();
        sent += 8192;
        controller.enqueue(new Uint8Array(8192).fill(0x61));
      },
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    await res.body?.cancel();
    expect(received).toEqual([]);
  });

  it('works behind express.raw(): the body is a Buffer', async () => {
    const { url, received } = await serve({ before: bodyParser('raw') });
    expect((await post(url, signedForm())).status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('works behind express.urlencoded(): the parsed message field is the signed text', async () => {
    const { url, received } = await serve({ before: bodyParser('urlencoded') });
    expect((await post(url, signedForm())).status).toBe(200);
    expect(received[0]?.msgId).toBe('92705609220');
  });

  it('works behind express.json() for a JSON push', async () => {
    const { url, received } = await serve({ before: bodyParser('json') });
    const body = JSON.stringify({
      message: ORDER_PAY_TEXT,
      _dj_signature: expectedSignature(ORDER_PAY_TEXT),
    });
    expect((await post(url, body, 'application/json')).status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('still checks the signature of a body a parser already read', async () => {
    const { url, received } = await serve({ before: bodyParser('urlencoded') });
    const body = new URLSearchParams({ message: ORDER_PAY_TEXT, _dj_signature: expectedSignature('other') });
    expect((await post(url, body.toString())).status).toBe(401);
    expect(received).toEqual([]);
  });

  it('answers 400 explaining the raw-body requirement when a parser swallowed the body', async () => {
    const { url, received } = await serve({ before: bodyParser('discard') });
    const res = await post(url, signedForm());
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/already consumed by a body parser; mount the receiver before it/);
    expect(received).toEqual([]);
  });
});
