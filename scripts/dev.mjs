// `pnpm dev`: builds what the mock server and the docs need, then runs both packages' own `dev` scripts
// until Ctrl-C stops them. The servers are started here rather than through `turbo run dev`: turbo and
// the nested pnpm each pass Ctrl-C on once more, so a server still shutting down got a second signal and
// pnpm printed "ELIFECYCLE Command failed" for a clean stop. Here each server gets Ctrl-C once, from the
// terminal, and a stop the user asked for ends with exit code 0. A server that fails on its own stops
// the other and fails the command.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVERS = [
  { name: 'mock', dir: 'packages/mock-server', pkg: '@daji-openapi/mock-server' },
  { name: 'docs', dir: 'docs', pkg: '@daji-openapi/docs' },
];

const build = spawnSync(
  'turbo',
  ['run', 'build', ...SERVERS.map((s) => `--filter=${s.pkg}`), '--output-logs=errors-only'],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);

let interrupted = false;
let failed = false;
const running = new Set();

function prefix(stream, name, out) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) out.write(`${name} | ${line}\n`);
  });
  stream.on('end', () => rest && out.write(`${name} | ${rest}\n`));
}

for (const server of SERVERS) {
  const cwd = join(root, server.dir);
  const script = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).scripts.dev;
  const child = spawn('sh', ['-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  prefix(child.stdout, server.name, process.stdout);
  prefix(child.stderr, server.name, process.stderr);
  child.on('exit', (code, signal) => {
    running.delete(child);
    const clean = code === 0 || (interrupted && (signal === 'SIGINT' || signal === 'SIGTERM'));
    if (!clean) {
      failed = true;
      console.error(`${server.name} | exited with ${signal ?? `code ${code}`}`);
      // One server down makes the pair useless: stop the other one too.
      for (const other of running) other.kill('SIGTERM');
    }
    if (running.size === 0) {
      if (!failed) console.log('pnpm dev: the mock server and the docs server stopped.');
      process.exit(failed ? 1 : 0);
    }
  });
}

// Ctrl-C already reached every process of the terminal's group, the servers included: only note it.
// SIGTERM is usually sent to this process alone (a supervisor, `kill`), so it is passed on.
process.on('SIGINT', () => {
  interrupted = true;
});
process.on('SIGTERM', () => {
  interrupted = true;
  for (const child of running) child.kill('SIGTERM');
});
