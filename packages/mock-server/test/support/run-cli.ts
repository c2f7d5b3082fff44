// Runs the built `daji-mock` as users do and watches its output.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/daji-mock.js', import.meta.url));
export const builtCli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in stdout, as soon as it is printed. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Processes still running; kill them after each test so a failure leaves no server behind. */
export const runningClis = new Set<ChildProcessWithoutNullStreams>();

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'pipe', env });
  runningClis.add(child);
  child.on('exit', () => runningClis.delete(child));
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk;
    for (const waiter of [...waiters]) {
      const match = out.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = out.match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        exit.then(() => reject(new Error(`daji-mock exited before printing ${pattern}:\n${out}\n${err}`)));
      }),
  };
}
