import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { app, send, signed } from './support/requests.js';
import { builtCli as built, runCli as run, runningClis as running } from './support/run-cli.js';

// A failed test must not leave a server behind.
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
});

beforeAll(() => {
  if (!existsSync(built))
    throw new Error(`${built} is missing: run \`pnpm --filter @daji-openapi/mock-server build\` first.`);
});

describe('daji-mock CLI', () => {
  it('prints its URL, serves with signature checks, logs each request, and exits 0 on SIGINT', async () => {
    const cli = run(['--port', '0', '--app-key', app.appKey, '--app-secret', app.appSecret]);
    const [, url] = await cli.waitFor(
      /listening on (http:\/\/127\.0\.0\.1:\d+) \(signature checks on for appKey demoKey123/,
    );

    const ok = await send(url!, 'get', '/alibaba/category/get', signed({ categoryID: 0 }));
    expect(ok.status).toBe(200);
    await cli.waitFor(/GET \/alibaba\/category\/get 200 \d+\.\dms\n/);

    const rejected = await send(url!, 'get', '/alibaba/category/get', {
      categoryID: 0,
      appKey: app.appKey,
      sign: 'A'.repeat(32),
    });
    expect(rejected.status).toBe(400);
    await cli.waitFor(/GET \/alibaba\/category\/get 400 \d+\.\dms {2}Parameter 'sign' does not match/);

    const debug = await send(url!, 'get', '/alibaba/category/get', { categoryID: 0, ...app });
    expect(debug.status).toBe(200);
    await cli.waitFor(/(GET \/alibaba\/category\/get 200 .*\n[\s\S]*){2}/);

    cli.child.kill('SIGINT');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toContain('SIGINT, stopping');
    expect(cli.stdout() + cli.stderr()).not.toContain(app.appSecret);
  });

  it("keeps a debug-mode secret out of Prism's debug log", async () => {
    const cli = run([
      '--port',
      '0',
      '--log-level',
      'debug',
      '--app-key',
      app.appKey,
      '--app-secret',
      app.appSecret,
    ]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/\S+) /);
    const response = await send(url!, 'post', '/alibaba/trade/pay/protocolPay/preparePay', {
      orderId: '1234567890123456789',
      ...app,
    });
    expect(response.status).toBe(200);
    await cli.waitFor(/POST \/alibaba\/trade\/pay\/protocolPay\/preparePay 200/);
    cli.child.kill('SIGINT');
    await cli.exit;
    // Prism did log the request (its body and headers at debug level), only without the secret.
    expect(cli.stderr()).toContain('1234567890123456789');
    expect(cli.stdout() + cli.stderr()).not.toContain(app.appSecret);
  });

  it('reads the secret from DAJI_APP_SECRET, the name the client and the daji CLI use, once --app-key is given', async () => {
    const cli = run(['--port', '0', '--app-key', app.appKey, '--quiet'], {
      ...process.env,
      DAJI_APP_SECRET: app.appSecret,
    });
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+) \(signature checks on/);
    expect((await send(url!, 'get', '/alibaba/category/get', signed({ categoryID: 0 }))).status).toBe(200);
    const forged = { categoryID: 0, appKey: app.appKey, sign: 'A'.repeat(32) };
    expect((await send(url!, 'get', '/alibaba/category/get', forged)).status).toBe(400);
    cli.child.kill('SIGTERM');
    await cli.exit;
  });

  it('exits 0 on SIGTERM too', async () => {
    const cli = run(['--port', '0', '--quiet']);
    await cli.waitFor(/signature checks off; spec examples\)/);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
  });

  it.each([
    ['daji-mock', [], 'startMockServer'],
    ['daji-mock proxy', ['proxy', '--upstream', 'http://127.0.0.1:9'], 'startConformanceProxy'],
  ])('%s exits 1 and says why when its port is taken', async (name, args, starter) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const { port } = taken.address() as AddressInfo;
    const cli = run([...args, '--port', String(port), '--quiet']);
    expect(await cli.exit).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toContain(`${name}: ${starter}: port ${port} on 127.0.0.1 is already in use`);
    expect(cli.stdout()).not.toContain('listening on');
  });

  it('prints its help with --help', async () => {
    const cli = run(['--help']);
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    for (const flag of [
      '--port',
      '--host',
      '--app-key',
      '--app-secret',
      '--dynamic',
      '--seed',
      '--spec',
      '--log-level',
    ]) {
      expect(cli.stdout()).toContain(flag);
    }
  });

  it.each([
    [['--app-key', 'k'], '--app-key needs --app-secret'],
    [['--port', 'abc'], "--port must be an integer from 0 to 65535, got 'abc'"],
    [['--colour'], "Unknown option '--colour'"],
  ])('rejects %j with exit code 2 and says why', async (args, message) => {
    const cli = run(args);
    expect(await cli.exit).toEqual({ code: 2, signal: null });
    expect(cli.stderr()).toContain(message);
  });

  it('hands `push` to the push-message sender', async () => {
    const cli = run(['push', '--help']);
    await cli.exit;
    expect(cli.stdout() + cli.stderr()).toContain('Usage: daji-mock push');
  });
});
