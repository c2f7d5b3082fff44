import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AnyDajiMessage,
  createMessageHandler,
  MessageHandlerTimeoutError,
  toNodeListener,
} from '../../src/messages.js';
import { APP_SECRET, messageText, pushRequest } from './helpers.js';

describe('createMessageHandler: handlerTimeoutMs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 503 when onMessage never settles, releases the msgId, and processes the redelivery', async () => {
    vi.useFakeTimers();
    const calls: AnyDajiMessage[] = [];
    const errors: unknown[] = [];
    const handle = createMessageHandler({
      appSecret: APP_SECRET,
      handlerTimeoutMs: 1_000,
      onError: (error) => errors.push(error),
      onMessage: (message) => {
        calls.push(message);
        // The first delivery hangs for ever; the redelivery is processed at once.
        return calls.length === 1 ? new Promise<void>(() => {}) : undefined;
      },
    });
    const text = messageText({ msgId: 555 });
    const first = handle(pushRequest(text));
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void first.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const answer = await first;
    expect(answer.status).toBe(503);
    expect(await answer.text()).toBe('Message is taking too long to process; redeliver it.\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MessageHandlerTimeoutError);

    const redelivery = await handle(pushRequest(text));
    expect(redelivery.status).toBe(200);
    expect(calls).toHaveLength(2);
    const again = await handle(pushRequest(text));
    expect(await again.text()).toBe('Duplicate: message already processed.\n');
    expect(calls).toHaveLength(2);
  });

  it('defaults to 30 000 ms', async () => {
    vi.useFakeTimers();
    const handle = createMessageHandler({
      appSecret: APP_SECRET,
      onMessage: () => new Promise<void>(() => {}),
    });
    const first = handle(pushRequest(messageText({ msgId: 556 })));
    let status = 0;
    void first.then((r) => {
      status = r.status;
    });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(status).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(status).toBe(503);
  });

  it('a delivery waiting on a hanging one gets 503 too, not a hang', async () => {
    vi.useFakeTimers();
    const handle = createMessageHandler({
      appSecret: APP_SECRET,
      handlerTimeoutMs: 500,
      onMessage: () => new Promise<void>(() => {}),
    });
    const text = messageText({ msgId: 557 });
    const both = Promise.all([handle(pushRequest(text)), handle(pushRequest(text))]);
    await vi.advanceTimersByTimeAsync(500);
    expect((await both).map((r) => r.status)).toEqual([503, 503]);
  });

  it('refuses a handlerTimeoutMs that is not a whole number of milliseconds', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 31]) {
      expect(() =>
        createMessageHandler({ appSecret: APP_SECRET, onMessage: () => {}, handlerTimeoutMs: bad }),
      ).toThrow(
        /^createMessageHandler: handlerTimeoutMs must be a whole number of milliseconds from 1 to 2147483647/,
      );
    }
  });
});

describe('toNodeListener: methods, malformed requests and timeouts', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (s) =>
          new Promise((resolve) => {
            s.closeAllConnections();
            s.close(resolve);
          }),
      ),
    );
  });

  async function serve(requestTimeoutMs?: number) {
    const handle = createMessageHandler({ appSecret: APP_SECRET, onMessage: () => {} });
    const server = createServer(
      toNodeListener(handle, requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** Writes raw bytes and returns the raw answer (status line first). */
  function raw(port: number, text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('end', () => resolve(answer));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  for (const method of ['TRACE', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
    it(`answers ${method} with 405 and Allow: POST`, async () => {
      const port = await serve();
      const status = await new Promise<{ code: number; allow: string | undefined }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method, path: '/daji/messages' }, (res) => {
          res.resume();
          resolve({ code: res.statusCode ?? 0, allow: res.headers.allow });
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toEqual({ code: 405, allow: 'POST' });
    });
  }

  it('answers an absolute-form request line with a bad port with 400', async () => {
    const port = await serve();
    const answer = await raw(
      port,
      'POST http://127.0.0.1:99999/daji/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
  });

  it('cuts off a sender that trickles its body past requestTimeoutMs with 408', async () => {
    const port = await serve(300);
    const answer = await raw(
      port,
      'POST /daji/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nmessage=',
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('refuses a requestTimeoutMs that is not a whole number of milliseconds', () => {
    const handle = createMessageHandler({ appSecret: APP_SECRET, onMessage: () => {} });
    expect(() => toNodeListener(handle, { requestTimeoutMs: 0 })).toThrow(
      /^toNodeListener: requestTimeoutMs must be a whole number of milliseconds/,
    );
  });
});
