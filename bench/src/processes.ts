// Child processes for the figures: start, wait for a line or an answer, measure memory, stop — all bounded.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { nowMs } from './stats.js';

export interface Child {
  proc: ChildProcess;
  /** Everything the child wrote to stdout and stderr so far, for error messages. */
  output(): string;
  /** Resolves with the first stdout line matching `pattern`, or rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGINT, then SIGKILL if the child has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startChild(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Child {
  const proc = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    for (const listener of listeners) listener();
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  return {
    proc,
    output: () => out,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) finish(() => resolve(match));
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(
                new Error(`no line matching ${pattern} within ${timeoutMs} ms; output: ${out.slice(-500)}`),
              ),
            ),
          timeoutMs,
        );
        const onExit = () =>
          finish(() =>
            reject(
              new Error(
                `exited (code ${proc.exitCode}) before printing ${pattern}; output: ${out.slice(-500)}`,
              ),
            ),
          );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          proc.off('exit', onExit);
          settle();
        };
        listeners.add(check);
        proc.once('exit', onExit);
        check();
      });
    },
    async stop(graceMs = 3000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.stdin?.end();
      proc.kill('SIGINT');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port that was free a moment ago, for servers that cannot listen on port 0 (bare Prism). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200; returns ms since `since`. Bounded by `timeoutMs`. */
export async function waitFor200(
  url: string,
  since: number,
  timeoutMs: number,
  child?: Child,
): Promise<number> {
  let last = 'no answer';
  while (nowMs() - since < timeoutMs) {
    if (child && child.proc.exitCode !== null) {
      throw new Error(
        `server exited (code ${child.proc.exitCode}) before answering; output: ${child.output().slice(-500)}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      const text = await res.text();
      if (res.status === 200) return nowMs() - since;
      last = `HTTP ${res.status}: ${text.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** Resident and peak resident memory of a running process, in MB (Linux /proc). */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
