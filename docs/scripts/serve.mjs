// `pnpm dev` for the docs: serves docs/dist on 127.0.0.1 and, with --watch, rebuilds the page whenever the
// spec or a guide changes, so a writer sees the result with a browser reload.
// Usage: node scripts/serve.mjs [--port 4000] [--watch]
import { spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDocs, DEFAULT_OUT, DEFAULT_SPEC } from './build.mjs';
import { startStaticServer } from './static-server.mjs';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specDir = resolve(docsDir, '../spec');

function parsePort(text) {
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port > 65535) {
    throw new Error(`docs serve: --port must be a whole number from 0 to 65535, got "${text}"`);
  }
  return port;
}

function run(command, args, cwd) {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(command, args, {
      cwd,
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
    });
    child.once('error', rejectRun);
    child.once('close', (code) =>
      code === 0
        ? resolveRun(undefined)
        : rejectRun(new Error(`${command} ${args.join(' ')} exited with code ${code}`)),
    );
  });
}

async function rebuild() {
  const started = performance.now();
  await run('pnpm', ['--silent', 'run', 'bundle'], specDir);
  const { size } = await buildDocs();
  const ms = Math.round(performance.now() - started);
  console.log(`docs: rebuilt in ${ms} ms (${(size / 1024).toFixed(0)} KiB); reload the page`);
}

/** Re-runs bundle + build after spec changes, one build at a time, coalescing bursts of saves. */
function watchSpec() {
  let timer;
  let building = false;
  let again = false;
  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (building) {
        again = true;
        return;
      }
      building = true;
      do {
        again = false;
        try {
          await rebuild();
        } catch (error) {
          console.error(`docs: rebuild failed, still serving the previous build\n${error.message ?? error}`);
        }
      } while (again);
      building = false;
    }, 200);
  };
  // The same inputs as the spec's bundle task; watching all of spec/ would also walk node_modules.
  // The root file is watched through its folder: editors often save by replacing the file.
  const watchers = [watch(specDir, (_event, file) => file === 'openapi.yaml' && trigger())];
  for (const dir of ['paths', 'components', 'webhooks', 'guides']) {
    if (existsSync(join(specDir, dir)))
      watchers.push(watch(join(specDir, dir), { recursive: true }, trigger));
  }
  console.log(`docs: watching ${relative(process.cwd(), specDir) || specDir} for changes`);
  return {
    close() {
      for (const watcher of watchers) watcher.close();
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4000' }, watch: { type: 'boolean', default: false } },
  });
  const port = parsePort(values.port);

  if (!existsSync(DEFAULT_OUT)) {
    if (!existsSync(DEFAULT_SPEC)) {
      throw new Error(
        'docs serve: nothing to serve yet. Run `pnpm build` at the repository root (or `pnpm dev`, which builds first).',
      );
    }
    console.log('docs: no build found, building once');
    await buildDocs();
  }

  const server = await startStaticServer({ root: dirname(DEFAULT_OUT), port });
  console.log(`docs: serving ${server.url}`);
  const watcher = values.watch ? watchSpec() : undefined;

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    watcher?.close();
    await server.close();
    console.log(`docs: stopped (${signal})`);
    process.exit(0);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
