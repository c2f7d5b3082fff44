import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_SECRET, baseEnv, daji, expectNoSecret, startDaji, waitFor } from './support/daji.js';

const require = createRequire(import.meta.url);
const MOCK_BIN = join(
  dirname(require.resolve('@daji-openapi/mock-server/package.json')),
  'bin',
  'daji-mock.js',
);
const ORDER_ID = '2257164624870311973';

type Daji = ReturnType<typeof startDaji>;
const running: Daji[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      await child.exited;
    }
  }
});

/** Starts `daji listen` on a free port and resolves once it says where it receives. */
async function listen(args: string[] = [], secret = APP_SECRET): Promise<{ child: Daji; url: string }> {
  const child = startDaji(['listen', '--port', '0', ...args], baseEnv({ DAJI_APP_SECRET: secret }));
  child.stdin!.end();
  running.push(child);
  let url = '';
  await waitFor(
    () => {
      url = /receiving push messages at (\S+)/.exec(child.output.stderr)?.[1] ?? '';
      return url !== '' || child.exitCode !== null;
    },
    30_000,
    'daji listen to start',
  );
  expect(url).not.toBe('');
  return { child, url };
}

/** Sends one signed sample message with the mock server's `push` command (the secret from its environment). */
async function push(url: string, extra: string[] = [], secret = APP_SECRET) {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    [MOCK_BIN, 'push', '--to', url, '--type', 'ORDER_BUYER_VIEW_ORDER_PAY', '--order-id', ORDER_ID, ...extra],
    { env: baseEnv({ DAJI_APP_SECRET: secret }) },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out };
}

describe('daji listen', () => {
  it('prints each verified push as one readable line and its JSON, the order id exact', async () => {
    const { child, url } = await listen();
    const sent = await push(url, ['--msg-id', '92705609221']);
    expect(sent.code).toBe(0);
    await waitFor(() => child.output.stdout.split('\n').length >= 3, 10_000, 'the message lines');
    const [readable, json] = child.output.stdout.split('\n');
    expect(readable).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z {2}ORDER_BUYER_VIEW_ORDER_PAY {2}msgId 92705609221 {2}order ${ORDER_ID}$`,
      ),
    );
    const message = JSON.parse(json!) as { msgId: string; type: string; data: { orderId: string } };
    expect(message.type).toBe('ORDER_BUYER_VIEW_ORDER_PAY');
    // 1688 sends the order id as a bare 19-digit number; it arrives as the exact string.
    expect(message.data.orderId).toBe(ORDER_ID);
    expectNoSecret(child.output);
  });

  it('prints a redelivered message once', async () => {
    const { child, url } = await listen(['--json']);
    expect((await push(url, ['--msg-id', '5550001'])).code).toBe(0);
    expect((await push(url, ['--msg-id', '5550001'])).code).toBe(0);
    await waitFor(() => child.output.stderr.includes('acknowledged again'), 10_000, 'the duplicate note');
    const lines = child.output.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      type: 'ORDER_BUYER_VIEW_ORDER_PAY',
      msgId: '5550001',
      orderId: ORDER_ID,
    });
  });

  it('refuses a push signed with another secret (401) and prints nothing on stdout', async () => {
    const { child, url } = await listen();
    const sent = await push(url, [], 'some-other-secret');
    expect(sent.code).toBe(1);
    expect(sent.out).toContain('401');
    await waitFor(() => child.output.stderr.includes('answered 401'), 10_000, 'the refusal note');
    expect(child.output.stdout).toBe('');
  });

  it('--forward-to passes the message on exactly as received, signature included', async () => {
    const received: Array<{ body: string; type: string | undefined }> = [];
    const target: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ body, type: req.headers['content-type'] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as { port: number };
    try {
      const { child, url } = await listen(['--json', '--forward-to', `http://127.0.0.1:${port}/hook`]);
      expect((await push(url, ['--msg-id', '5550002'])).code).toBe(0);
      expect(received).toHaveLength(1);
      const form = new URLSearchParams(received[0]!.body);
      expect(received[0]!.type).toBe('application/x-www-form-urlencoded');
      expect(form.get('_dj_signature')).toMatch(/^[0-9A-F]{40}$/);
      expect(form.get('message')).toContain(`"orderId":${ORDER_ID}`);
      await waitFor(() => child.output.stdout.includes('forwarded'), 10_000, 'the forwarded line');
      expect(JSON.parse(child.output.stdout)).toMatchObject({ msgId: '5550002', forwarded: 204 });
    } finally {
      await new Promise((resolve) => target.close(resolve));
    }
  });

  it('answers 500 when the forward target fails, so the sender redelivers', async () => {
    const target: Server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as { port: number };
    try {
      const { child, url } = await listen(['--forward-to', `http://127.0.0.1:${port}/`]);
      const sent = await push(url, ['--msg-id', '5550003']);
      expect(sent.code).toBe(1);
      expect(sent.out).toContain('500');
      await waitFor(() => child.output.stderr.includes('answered HTTP 503'), 10_000, 'the forward failure');
      expect(child.output.stdout).toBe('');
    } finally {
      await new Promise((resolve) => target.close(resolve));
    }
  });

  it('stops on Ctrl-C with exit 0', async () => {
    const { child } = await listen();
    child.kill('SIGINT');
    const done = await child.exited;
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('stopped');
  });

  it('keeps the secret out of its own command line and output', async () => {
    const { child } = await listen();
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('listen');
    expect(cmdline).not.toContain(APP_SECRET);
    expectNoSecret(child.output);
  });

  it('needs the app secret to verify messages (exit 2)', async () => {
    const run = await daji(['listen', '--port', '0'], baseEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('set DAJI_APP_SECRET or pass --app-secret-file');
  });
});
