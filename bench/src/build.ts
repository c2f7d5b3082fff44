// Figure 5: how long the build takes, cold and cached, and its parts that users and CI wait on most.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';
import type { FigureResult, Row } from './report.js';
import { nowMs, quick, ROUNDS, summarize } from './stats.js';

// A cold build is the most expensive step of the whole benchmark (tens of seconds on 2 cores), so it runs
// once; the cheaper steps get the usual rounds.
const COLD_RUNS = 1;
const CACHED_RUNS = ROUNDS;
const STEP_RUNS = quick ? 1 : ROUNDS;

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

async function repeat(runs: number, fn: () => Promise<{ ms: number; output: string }>) {
  const samples: number[] = [];
  const outputs: string[] = [];
  for (let i = 0; i < runs; i++) {
    const { ms, output } = await fn();
    samples.push(ms / 1000);
    outputs.push(output);
  }
  return { stat: summarize(samples), outputs };
}

export async function buildTimes(): Promise<FigureResult> {
  const started = nowMs();
  const pnpm = 'pnpm';

  // `--force` makes turbo ignore its cache and run every task; nothing on disk is deleted.
  const cold = await repeat(COLD_RUNS, () => timed(pnpm, ['run', 'build', '--force'], 300_000));
  const cached = await repeat(CACHED_RUNS, () => timed(pnpm, ['run', 'build'], 120_000));

  // What turbo's `bundle` and `generate` tasks run, without turbo in between.
  const bundleAndGenerate = await repeat(STEP_RUNS, async () => {
    const bundle = await timed(process.execPath, ['spec/scripts/bundle.mjs'], 120_000);
    const generate = await timed(process.execPath, ['packages/client/scripts/generate.mjs'], 120_000);
    return { ms: bundle.ms + generate.ms, output: bundle.output + generate.output };
  });
  const docs = await repeat(STEP_RUNS, () => timed(process.execPath, ['docs/scripts/build.mjs'], 120_000));
  const htmlBytes = statSync(join(repoRoot, 'docs/dist/index.html')).size;

  const rows: Row[] = [
    {
      figure: 'cold `pnpm build` (turbo `--force`: bundle, generate, build of every workspace incl. docs)',
      unit: 's',
      ours: cold.stat,
      note: `${cachedLine(cold.outputs[0]!)}`,
    },
    {
      figure: 'cached `pnpm build` vs cold',
      unit: 's',
      ours: cached.stat,
      baseline: cold.stat,
      note: `turbo: ${[...new Set(cached.outputs.map(cachedLine))].join(' / ')}`,
    },
    {
      figure:
        'spec bundle + type generation (`spec/scripts/bundle.mjs` then `packages/client/scripts/generate.mjs`)',
      unit: 's',
      ours: bundleAndGenerate.stat,
    },
    {
      figure: 'docs build (`docs/scripts/build.mjs`: Redocly, inlined, offline page)',
      unit: 's',
      ours: docs.stat,
    },
    { figure: '`docs/dist/index.html` size', unit: 'kB', ours: summarize([htmlBytes / 1024]) },
  ];
  return {
    id: 5,
    title: 'Build',
    about:
      `Wall time from the repository root. Runs: cold build ${COLD_RUNS} (the most expensive step; more would break the 4-minute budget), ` +
      `cached build ${CACHED_RUNS}, spec bundle + generation ${STEP_RUNS}, docs build ${STEP_RUNS}. No targets; the numbers are kept to watch for regressions.`,
    rows,
    notes: [
      'Cached runs follow the cold run directly; if another process changes a source file in between, turbo rebuilds that package and the cache line above shows it.',
    ],
    elapsedMs: nowMs() - started,
  };
}
