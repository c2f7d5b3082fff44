import { routes } from '@daji-openapi/client';
import { describe, expect, it } from 'vitest';
import { baseEnv, daji } from './support/daji.js';

const COMMANDS = ['doctor', 'call', 'ops', 'pay', 'export', 'listen', 'completion'];

describe('daji --help and usage errors', () => {
  it('prints the overview with every command on --help and exits 0', async () => {
    const run = await daji(['--help'], baseEnv());
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('Exit codes: 0 success, 1');
  });

  it.each(COMMANDS)('daji %s --help prints that command’s usage and exits 0', async (command) => {
    const run = await daji([command, '--help'], baseEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Usage: daji ${command}`));
  });

  it('exits 2 with the list of commands for an unknown command', async () => {
    const run = await daji(['frobnicate'], baseEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
    expect(run.stderr).toContain('doctor, call, ops');
  });

  it('exits 2 and prints usage to stderr when no command is given', async () => {
    const run = await daji([], baseEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: daji <command>');
    expect(run.stdout).toBe('');
  });

  it('exits 2 naming an unknown flag', async () => {
    const run = await daji(['doctor', '--frob'], baseEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --frob');
  });

  it('prints the package version', async () => {
    const run = await daji(['--version'], baseEnv());
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('daji ops', () => {
  it('lists every operation the client knows, with its parameters', async () => {
    const run = await daji(['ops'], baseEnv());
    expect(run.code).toBe(0);
    for (const operationId of Object.keys(routes)) expect(run.stdout).toContain(operationId);
    expect(run.stdout).toMatch(/keyword\* \(string/);
  });

  it('--json gives the table for scripts: method, path and fields of each operation', async () => {
    const run = await daji(['ops', '--json'], baseEnv());
    expect(run.code).toBe(0);
    const table = JSON.parse(run.stdout) as Array<{ operationId: string; method: string; path: string }>;
    expect(table.map((o) => o.operationId).sort()).toEqual(Object.keys(routes).sort());
    for (const op of table) {
      const route = (routes as Record<string, { method: string; path: string }>)[op.operationId]!;
      expect(op.method.toLowerCase()).toBe(route.method);
      expect(op.path).toBe(route.path);
    }
  });

  it('shows one operation with its body fields and an example body', async () => {
    const run = await daji(['ops', 'cancelOrder'], baseEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('POST /alibaba/trade/cancel');
    expect(run.stdout).toContain('cancelReason* (string, one of buyerCancel|sellerGoodsLack|other)');
    expect(run.stdout).toContain('"orderId": "2257164624870311973"');
  });

  it('suggests the closest operation for a misspelt one (exit 2)', async () => {
    const run = await daji(['ops', 'keywordsearch'], baseEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean keywordSearch');
  });
});

describe('daji completion', () => {
  it('prints a bash completion that knows the commands and operationIds', async () => {
    const run = await daji(['completion', 'bash'], baseEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('complete -o default -F _daji daji');
    expect(run.stdout).toContain('getOrderDetail');
  });

  it('refuses an unknown shell with exit 2', async () => {
    const run = await daji(['completion', 'fish'], baseEnv());
    expect(run.code).toBe(2);
  });
});
