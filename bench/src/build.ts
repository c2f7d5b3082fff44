// Figure 5: how long the build takes, cold and cached, and its parts that users and CI wait on most.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';
import type { FigureResult, Row } from './report.js';
import { nowMs, ROUNDS, summarize } from './stats.js';

// A cold build is the most expensive step of the whole benchmark (tens of seconds on 2 cores), so it runs
// once; the cheaper steps get the usual rounds.
const COLD_RUNS = 1;

const env = { REDOCLY_TELEMETRY: 'off', TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '0' };

/** Runs a command from the repository root; resolves with its wall time and output, rejects on failure. */
function timed(command: string, args: string[], timeoutMs: number): Promise<{ ms: number; output: string }> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const ms = nowMs() - t0;
      if (code === 0) resolve({ ms, output });
      else {
        reject(
          new Error(
            `figure 5: \`${command} ${args.join(' ')}\` ${signal ? `was killed (${signal}) after ${timeoutMs} ms` : `exited with ${code}`}:\n${output.slice(-1500)}`,
          ),
        );
      }
    });
  });
}

/** Turbo's "Cached: N cached, M total" line, so the table says how cached a "cached" run really was. */
function cachedLine(output: string): string {
  return output.match(/Cached:\s+(\d+ cached, \d+ total)/)?.[1] ?? 'turbo cache line not found';
}

/**
 * `deadline` (a `nowMs()` time) lets the run stay inside its budget on a busy machine: the cheap steps
 * then get fewer rounds, and the run counts in the table say how many.
 */
export async function buildTimes(deadline = Number.POSITIVE_INFINITY): Promise<FigureResult> {
  const started = nowMs();
  const pnpm = 'pnpm';

  // `--force` makes turbo ignore its cache and run every task; nothing on disk is deleted.
  const cold: number[] = [];
  let coldOutput = '';
  for (let i = 0; i < COLD_RUNS; i++) {
    const run = await timed(pnpm, ['run', 'build', '--force'], 300_000);
    cold.push(run.ms / 1000);
    coldOutput = run.output;
  }

  // The cheaper steps take turns, one run each per round, so a deadline shortens all of them alike.
  const cached: number[] = [];
  const cachedLines = new Set<string>();
  const bundleAndGenerate: number[] = [];
  const docs: number[] = [];
  for (let round = 0; round < ROUNDS && (round === 0 || nowMs() < deadline); round++) {
    const build = await timed(pnpm, ['run', 'build'], 120_000);
    cached.push(build.ms / 1000);
    cachedLines.add(cachedLine(build.output));
    // What turbo's `bundle` and `generate` tasks run, without turbo in between.
    const bundle = await timed(process.execPath, ['spec/scripts/bundle.mjs'], 120_000);
    const generate = await timed(process.execPath, ['packages/client/scripts/generate.mjs'], 120_000);
    bundleAndGenerate.push((bundle.ms + generate.ms) / 1000);
    docs.push((await timed(process.execPath, ['docs/scripts/build.mjs'], 120_000)).ms / 1000);
  }
  const htmlBytes = statSync(join(repoRoot, 'docs/dist/index.html')).size;

  const rows: Row[] = [
    {
      figure: 'cold `pnpm build` (turbo `--force`: bundle, generate, build of every workspace incl. docs)',
      unit: 's',
      ours: summarize(cold),
      note: `turbo: ${cachedLine(coldOutput)}`,
    },
    {
      figure: 'cached `pnpm build` vs cold',
      unit: 's',
      ours: summarize(cached),
      baseline: summarize(cold),
      note: `turbo: ${[...cachedLines].join(' / ')}`,
    },
    {
      figure:
        'spec bundle + type generation (`spec/scripts/bundle.mjs` then `packages/client/scripts/generate.mjs`)',
      unit: 's',
      ours: summarize(bundleAndGenerate),
    },
    {
      figure: 'docs build (`docs/scripts/build.mjs`: Redocly, inlined, offline page)',
      unit: 's',
      ours: summarize(docs),
    },
    { figure: '`docs/dist/index.html` size', unit: 'kB', ours: summarize([htmlBytes / 1024]) },
  ];
  const shortened =
    cached.length < ROUNDS
      ? [
          `The run's time budget ran out after ${cached.length} of ${ROUNDS} rounds of the cheaper steps (busy machine).`,
        ]
      : [];
  return {
    id: 5,
    title: 'Build',
    about:
      `Wall time from the repository root. The cold build runs ${COLD_RUNS}× (it is the most expensive step; more would break ` +
      'the 4-minute budget); the cached build, spec bundle + generation and docs build take turns, up to ' +
      `${ROUNDS} rounds. No targets; the numbers are kept to watch for regressions.`,
    rows,
    notes: [
      ...shortened,
      'Cached runs follow the cold run directly; if another process changes a source file in between, turbo rebuilds that package and the cache line shows it.',
    ],
    elapsedMs: nowMs() - started,
  };
}
