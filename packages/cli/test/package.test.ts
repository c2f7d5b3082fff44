// The published package as users get it: packed with pnpm (which turns workspace: and catalog: versions
// into real ones), installed with npm into a fresh project outside the workspace, run through its bin.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { MockServer } from '@daji-openapi/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, credentials, expectNoSecret } from './support/daji.js';
import { startMock } from './support/mock.js';

const exec = promisify(execFile);
const packages = fileURLToPath(new URL('../..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'daji-cli-consumer-'));
let mock: MockServer;
let daji: string;

/** The directories of a workspace package and of the workspace packages it depends on at run time. */
function workspaceClosure(name: string, seen = new Set<string>()): Set<string> {
  const dir = join(packages, name);
  if (seen.has(dir)) return seen;
  seen.add(dir);
  const { dependencies = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const [dependency, version] of Object.entries(dependencies)) {
    if (version.startsWith('workspace:')) workspaceClosure(dependency.replace('@daji-openapi/', ''), seen);
  }
  return seen;
}

async function runBin(args: string[], env: NodeJS.ProcessEnv) {
  return exec(daji, args, { env, cwd: project }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('the packed package in a fresh project', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    // This package and every workspace package it depends on, as none of them is on the registry yet.
    const tarballs = join(project, 'tarballs');
    for (const dir of workspaceClosure('cli')) {
      await exec('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
    }
    writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true,"type":"commonjs"}\n');
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], {
      cwd: project,
      env: { ...process.env, npm_config_workspaces: 'false' },
    });
    daji = join(project, 'node_modules', '.bin', 'daji');
    mock = await startMock();
  }, 240_000);
  afterAll(async () => {
    await mock?.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('installs a working daji bin that lists every operation', async () => {
    const help = await runBin(['--help'], baseEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: daji <command>');
    const ops = await runBin(['ops', '--json'], baseEnv());
    expect(ops.code).toBe(0);
    expect((JSON.parse(ops.stdout) as unknown[]).length).toBeGreaterThanOrEqual(16);
  });

  it('makes a signed call and pays an order against the mock server', async () => {
    const env = baseEnv(credentials(mock.url));
    const call = await runBin(['call', 'getOrderDetail', 'orderId=2257164624870311973'], env);
    expect(call.code).toBe(0);
    expect(call.stdout).toContain('"2257164624870311973"');
    const pay = await runBin(['pay', '2257164624870311973'], env);
    expect(pay.code).toBe(0);
    expect(pay.stdout).toMatch(/outcome: paid/);
    expectNoSecret(call);
    expectNoSecret(pay);
  });
});
