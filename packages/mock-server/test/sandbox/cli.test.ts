// `daji-mock --sandbox` and `daji-mock sandbox …`, run as users run them: the built CLI in child processes.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSandboxCommand } from '../../src/sandbox/cli.js';
import { send, signed } from '../support/requests.js';
import { tempDir } from '../support/temp-dir.js';
import { address } from './support.js';

const bin = fileURLToPath(new URL('../../bin/daji-mock.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const execute = promisify(execFile);

// Limits against hangs only. The server side of daji-mock loads Prism before it reads --state: a second
// on an idle machine, well over 30 s on a 2-core machine running other suites beside this one.
const CLI_LIMIT_MS = 120_000;
const TEST_LIMIT_MS = 240_000;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [bin, ...args], { timeout: CLI_LIMIT_MS });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; killed?: boolean; stdout: string; stderr: string };
    if (e.killed) throw new Error(`daji-mock ${args.join(' ')} did not finish within ${CLI_LIMIT_MS} ms`);
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('daji-mock --sandbox and daji-mock sandbox …', { timeout: TEST_LIMIT_MS }, () => {
  const dir = tempDir('daji-sandbox-cli-');
  const state = join(dir, 'state.json');
  let server: ReturnType<typeof spawn>;
  let url: string;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(built))
      throw new Error(`${built} is missing: run \`pnpm --filter @daji-openapi/mock-server build\` first.`);
    server = spawn(process.execPath, [bin, '--sandbox', '--port', '0', '--state', state, '--quiet'], {
      stdio: 'pipe',
    });
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+) .*sandbox, state in /.exec(output);
        if (match) {
          clearInterval(timer);
          resolve(match[1]!);
        }
      }, 20);
      server.on('exit', () => reject(new Error(`daji-mock --sandbox exited: ${output}`)));
    });
  }, TEST_LIMIT_MS);
  afterAll(async () => {
    const exited = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGINT');
    await exited;
  }, TEST_LIMIT_MS);

  it('orders, ship, advance, ledger, fault and reset steer the running sandbox', async () => {
    const create = await send(
      url,
      'post',
      '/alibaba/trade/createCrossOrder',
      signed({
        flow: 'general',
        thirdOrderId: `test-${Date.now()}-${Math.random()}`,
        addressParam: address,
        cargoParamList: [{ offerId: 670291644950, specId: 'b6f1d2c3a4e5f60718293a4b5c6d7e8f', quantity: 2 }],
      }),
    );
    const orderId = /"orderId":(\d{19})/.exec(await create.text())![1]!;
    const common = ['--url', url, '--app-key', 'demoKey123'];

    const orders = await cli(['sandbox', 'orders', ...common]);
    expect(orders).toMatchObject({ code: 0 });
    expect(orders.stdout).toMatch(new RegExp(`${orderId}  waitbuyerpay +¥\\d+\\.\\d\\d`));

    const fault = await cli([
      'sandbox',
      'fault',
      'preparePay',
      'debit-then-error',
      '--order-id',
      orderId,
      ...common,
    ]);
    expect(fault.stdout).toContain(`debit-then-error on the next 1 preparePay call for order ${orderId}`);
    await send(url, 'post', '/alibaba/trade/pay/protocolPay/preparePay', signed({ orderId }));

    const ledger = await cli(['sandbox', 'ledger', ...common]);
    expect(ledger.stdout).toMatch(new RegExp(`${orderId} +¥\\d+\\.\\d\\d  alipay\\n1 debit, total ¥`));

    const ship = await cli(['sandbox', 'ship', orderId, ...common]);
    expect(ship.stdout).toMatch(new RegExp(`${orderId} shipped: waitbuyerreceive, 中通快递 78\\d+`));
    const advance = await cli(['sandbox', 'advance', '240', ...common, '--json']);
    expect(JSON.parse(advance.stdout)).toMatchObject({ offsetHours: 240 });
    expect((await cli(['sandbox', 'orders', ...common])).stdout).toContain(`${orderId}  success`);

    const reset = await cli(['sandbox', 'reset', ...common]);
    expect(reset.stdout).toContain('sandbox of demoKey123 reset');
    expect((await cli(['sandbox', 'orders', ...common])).stdout).toContain('no orders for demoKey123');
  });

  it('reports what the sandbox refused, and usage errors, with a non-zero exit', async () => {
    const refused = await cli(['sandbox', 'advance', '0', '--url', url, '--app-key', 'demoKey123']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/hours must be a number above 0/);
    const usage = await cli(['sandbox', 'refund', '--url', url, '--app-key', 'k']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(
      /unknown command 'refund'; one of orders, ship, advance, ledger, fault, reset/,
    );
  });

  it('needs an app key and a reachable sandbox', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: {} };
    expect(await runSandboxCommand(['orders', '--url', url], io)).toBe(2);
    expect(lines.join('\n')).toMatch(/--app-key is required \(or set DAJI_APP_KEY\)/);
    lines.length = 0;
    expect(await runSandboxCommand(['orders', '--url', 'http://127.0.0.1:9', '--app-key', 'k'], io)).toBe(1);
    expect(lines.join('\n')).toMatch(/no sandbox answered at http:\/\/127\.0\.0\.1:9/);
  });

  it('refuses a corrupt --state file and leaves it as it was', async () => {
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, 'not json');
    const run = await cli(['--sandbox', '--port', '0', '--state', corrupt]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--state .*corrupt\.json: not a sandbox state file .* left untouched/);
    expect(readFileSync(corrupt, 'utf8')).toBe('not json');
  });

  it('refuses --state without --sandbox', async () => {
    const run = await cli(['--state', join(dir, 'x.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--state needs --sandbox.');
  });
});
