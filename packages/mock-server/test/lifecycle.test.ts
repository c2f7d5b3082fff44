import { request } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';

const SOCKET_HANDLES = new Set(['TCPServerWrap', 'TCPSocketWrap']);

function openSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => SOCKET_HANDLES.has(name)).length;
}

/** One keep-alive request through node:http, so the server holds a connection open when it is closed. */
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { connection: 'keep-alive' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('startMockServer lifecycle', () => {
  it('starts and stops twice on port 0 in one process and leaves no socket open', async () => {
    const before = openSockets();
    const ports: number[] = [];
    for (let round = 0; round < 2; round++) {
      const mock = await startMockServer({ port: 0 });
      expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
      ports.push(mock.port);
      expect(await get(`${mock.url}/alibaba/category/get?categoryID=0`)).toBe(400);
      expect(openSockets()).toBeGreaterThan(before);
      await mock.close();
      expect(openSockets()).toBe(before);
      expect(await portIsFree(mock.port)).toBe(true);
    }
    expect(ports.every((port) => port > 0)).toBe(true);
  });

  it('can be closed twice', async () => {
    const mock = await startMockServer({ port: 0 });
    await mock.close();
    await expect(mock.close()).resolves.toBeUndefined();
  });

  it('reports a port in use plainly', async () => {
    const first = await startMockServer({ port: 0 });
    try {
      await expect(startMockServer({ port: first.port })).rejects.toThrow(
        `startMockServer: port ${first.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await first.close();
    }
  });

  it.each([
    [{ port: -1 }, "'port' must be an integer from 0 to 65535"],
    [{ port: 1.5 }, "'port' must be an integer from 0 to 65535"],
    [{ host: '' }, "'host' must be a non-empty string"],
    [
      { verifySignature: { appKey: 'k', appSecret: '' } },
      "'verifySignature.appSecret' must be a non-empty string",
    ],
    [
      { verifySignature: { appKey: '', appSecret: 's' } },
      "'verifySignature.appKey' must be a non-empty string",
    ],
    [{ logLevel: 'loud' }, "'logLevel' must be one of silent, fatal, error, warn, info, debug, trace"],
  ])('rejects the option %j naming the field', async (options, message) => {
    await expect(startMockServer(options as never)).rejects.toThrow(message);
  });

  it('serves the spec given as an object instead of the bundled one', async () => {
    const mock = await startMockServer({
      port: 0,
      spec: {
        openapi: '3.1.0',
        info: { title: 'tiny', version: '1' },
        paths: {
          '/ping': {
            get: {
              responses: {
                '200': { description: 'ok', content: { 'application/json': { example: { pong: true } } } },
              },
            },
          },
        },
      },
    });
    try {
      const response = await fetch(`${mock.url}/ping`);
      expect(await response.json()).toEqual({ pong: true });
      expect((await fetch(`${mock.url}/alibaba/category/get?categoryID=0`)).status).toBe(404);
    } finally {
      await mock.close();
    }
  });
});
