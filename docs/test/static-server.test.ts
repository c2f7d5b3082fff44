import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../scripts/static-server.mjs';

let dir: string | undefined;
let root: string;
let server: Awaited<ReturnType<typeof startStaticServer>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daji-docs-static-'));
  root = join(dir, 'site');
  await mkdir(root);
  await writeFile(join(root, 'index.html'), '<h1>docs</h1>');
  await writeFile(join(dir, 'secret.txt'), 'outside the served folder');
  server = await startStaticServer({ root, port: 0 });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it('listens on 127.0.0.1 on a free port and serves index.html for /', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<h1>docs</h1>');
  });

  it('answers 404 for missing files and for paths that climb out of the served folder', async () => {
    expect((await fetch(new URL('missing.html', server.url))).status).toBe(404);
    // fetch() would normalise "..", so send the raw path the way a hostile client could.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.url, { path: '/../secret.txt' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
      req.end();
    });
    expect(status).toBe(404);
    expect((await fetch(new URL('%2e%2e/secret.txt', server.url))).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(server.url, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('rejects an invalid port with a message naming the option', async () => {
    await expect(startStaticServer({ root, port: 70000 })).rejects.toThrow(
      /`port` must be an integer from 0 to 65535/,
    );
  });
});
