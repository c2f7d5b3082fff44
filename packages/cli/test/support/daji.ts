import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../../bin/daji.js', import.meta.url));

/** The mock's credentials in these tests; the secret is distinctive so a leak is easy to find. */
export const APP_KEY = 'cliKey7781';
export const APP_SECRET = 'cliSecret-Zq81x-never-print';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Only what daji needs: no DAJI_* from the machine running the tests leaks in. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function credentials(baseUrl: string, secret = APP_SECRET): Record<string, string> {
  return { DAJI_APP_KEY: APP_KEY, DAJI_APP_SECRET: secret, DAJI_BASE_URL: baseUrl };
}

/** Starts `daji …` as a child process, the way a user runs it. */
export function startDaji(
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcess & { output: Run; exited: Promise<Run> } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const output: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  const exited = new Promise<Run>((resolve) => {
    child.on('close', (code) => {
      output.code = code;
      resolve(output);
    });
  });
  return Object.assign(child, { output, exited });
}

/** Runs `daji …` to the end, feeding `input` on stdin. */
export async function daji(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  const child = startDaji(args, env);
  child.stdin!.end(input ?? '');
  return child.exited;
}

/** Resolves once `check` holds for the child's output, or rejects after `ms`. */
export async function waitFor(check: () => boolean, ms = 30_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The secret appears nowhere in what daji printed. */
export function expectNoSecret(run: Pick<Run, 'stdout' | 'stderr'>, secret = APP_SECRET): void {
  expect(run.stdout).not.toContain(secret);
  expect(run.stderr).not.toContain(secret);
}
