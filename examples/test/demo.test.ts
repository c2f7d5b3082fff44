import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const examplesDir = fileURLToPath(new URL('..', import.meta.url));

describe('pnpm demo', () => {
  let run: SpawnSyncReturns<string>;
  beforeAll(() => {
    run = spawnSync(process.execPath, ['--import', 'tsx', 'demo.ts'], {
      cwd: examplesDir,
      encoding: 'utf8',
      timeout: 120_000,
    });
  });

  it('walks the whole purchase flow against the sandbox and exits 0', () => {
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    for (const step of [
      'ranking list',
      'daily sales',
      'keyword search',
      'product detail',
      'freight',
      'order preview',
      'create order',
      'pay (no password)',
      'order detail',
      'confirm receipt',
    ]) {
      const line = lines.find((l) => l.startsWith(step));
      expect(line, `a line for "${step}"`).toBeDefined();
      expect(line).toMatch(/\[traceId [0-9a-f]{12}\]$/);
    }
    expect(run.stdout).toMatch(/ranking list\s+Hot Selling List: #1 \d+ ".+", \d+ sold in 30 days/);
    expect(run.stdout).toMatch(/daily sales\s+last 7 days: (\d+ ){6}\d+ +\[/);
    expect(run.stdout).toMatch(/pay \(no password\)\s+paid via \w+ after 1 attempt/);
    expect(run.stdout).toMatch(/purchase flow complete: 1 debit of ¥[\d.]+, 5 pushes received/);
  });

  it('runs against the sandbox: the order detail is the order it created, and it moves through its states', () => {
    const orderId = /create order\s+order (\d{19}),/.exec(run.stdout)?.[1];
    expect(orderId).toBeDefined();
    const details = run.stdout.split('\n').filter((l) => l.startsWith('order detail'));
    expect(details.map((l) => /order (\d{19}): (\w+)/.exec(l)?.slice(1))).toEqual([
      [orderId, 'waitbuyerpay'],
      [orderId, 'waitsellersend'],
      [orderId, 'waitbuyerreceive'],
      [orderId, 'success'],
    ]);
    expect(details[2]).toMatch(/shipped by \S+ \d+/);
    expect(run.stdout).toMatch(/confirm receipt\s+success: true/);
  });

  it('prints every push the receiver got, in order', () => {
    const pushes = run.stdout
      .split('\n')
      .filter((l) => l.trimStart().startsWith('push'))
      .map((l) => /(ORDER_\w+) — order \d{19} is (\w+)/.exec(l)?.slice(1).join(' '));
    expect(pushes).toEqual([
      'ORDER_BUYER_VIEW_BUYER_MAKE waitbuyerpay',
      'ORDER_BUYER_VIEW_ORDER_PAY waitsellersend',
      'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS waitbuyerreceive',
      'ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS confirm_goods',
      'ORDER_BUYER_VIEW_ORDER_SUCCESS success',
    ]);
  });

  it('never prints the app secret', () => {
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('demoSecret456');
  });
});
