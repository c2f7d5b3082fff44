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

  it('walks the whole purchase flow against the mock and exits 0', () => {
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    for (const step of [
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
    expect(run.stdout).toMatch(/pay \(no password\)\s+paid via \w+ after 1 attempt/);
    expect(run.stdout).toContain('purchase flow complete');
  });

  it('never prints the app secret', () => {
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('demoSecret456');
  });
});
