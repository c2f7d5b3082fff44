// Figure 4: `daji-mock` (signature checks on and off) vs bare `prism mock` on the same bundled spec.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { signParams } from '@daji-openapi/retry-policies';
import autocannon from 'autocannon';
import {
  APP_KEY,
  APP_SECRET,
  benchDir,
  KEYWORD_PATH,
  keywordQuery,
  specJsonPath,
  tmpDir,
} from './fixtures.js';
import { type Child, freePort, memoryMb, startChild, waitFor200 } from './processes.js';
import { lastMs, readNewestProfile, selfTimeByOrigin, topFrames } from './profile.js';
import { type FigureResult, missed, type Row } from './report.js';
import { interleaved, nowMs, profileAlways, quick, ROUNDS, summarize } from './stats.js';

const CONNECTIONS = 16;
const RUN_SECONDS = quick ? 1 : 2;
const WARMUP_SECONDS = 1;
const READY_TIMEOUT_MS = 30_000;
const PROFILE_SECONDS = 2;

const require = createRequire(join(benchDir, 'package.json'));
const dajiMockBin = join(
  dirname(require.resolve('@daji-openapi/mock-server/package.json')),
  'bin/daji-mock.js',
);
const prismBin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');

type Variant = 'checksOn' | 'checksOff' | 'prism';
const LABEL: Record<Variant, string> = {
  checksOn: '`daji-mock`, signature checks on',
  checksOff: '`daji-mock`, signature checks off',
  prism: 'bare `prism mock`',
};

function command(variant: Variant, port: number, nodeFlags: string[] = []): string[] {
  if (variant === 'prism') {
    return [
      ...nodeFlags,
      prismBin,
      'mock',
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-v',
      'silent',
      specJsonPath,
    ];
  }
  const checks = variant === 'checksOn' ? ['--app-key', APP_KEY, '--app-secret', APP_SECRET] : [];
  return [
    ...nodeFlags,
    dajiMockBin,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--quiet',
    '--spec',
    specJsonPath,
    ...checks,
  ];
}

// One signed keyword search, the same for every server; Prism ignores the signature, daji-mock checks it.
const params = { appKey: APP_KEY, ...keywordQuery };
const requestPath = `${KEYWORD_PATH}?${new URLSearchParams({
  ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
  sign: signParams(params, APP_SECRET),
})}`;

async function start(
  variant: Variant,
  nodeFlags: string[] = [],
): Promise<{ child: Child; url: string; readyMs: number }> {
  const port = await freePort();
  const t0 = nowMs();
  const child = startChild(process.execPath, command(variant, port, nodeFlags), { cwd: benchDir });
  try {
    const url = `http://127.0.0.1:${port}${requestPath}`;
    const readyMs = await waitFor200(url, t0, READY_TIMEOUT_MS, child);
    return { child, url, readyMs };
  } catch (error) {
    await child.stop();
    throw new Error(`figure 4: ${LABEL[variant]} did not become ready: ${(error as Error).message}`);
  }
}

async function load(url: string, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, timeout: 10 });
  if (result.errors > 0 || result.non2xx > 0 || result['2xx'] === 0) {
    throw new Error(
      `figure 4: load on ${url} got ${result.non2xx} non-2xx answers and ${result.errors} errors`,
    );
  }
  return result['2xx'] / result.duration;
}

export async function mockServer(): Promise<FigureResult> {
  const started = nowMs();
  const variants: Variant[] = ['checksOn', 'checksOff', 'prism'];

  // Startup: spawn to first 200 on the signed request, a fresh process each time.
  const startupRun = (variant: Variant) => async () => {
    const { child, readyMs } = await start(variant);
    await child.stop();
    return readyMs;
  };
  const startup = await interleaved(
    { checksOn: startupRun('checksOn'), checksOff: startupRun('checksOff'), prism: startupRun('prism') },
    ROUNDS,
  );

  // Throughput and memory: one long-lived process per variant, loaded in turns.
  const servers = {} as Record<Variant, { child: Child; url: string }>;
  const rss = {} as Record<Variant, { rss: number; peak: number }>;
  let throughput: Record<Variant, number[]>;
  try {
    for (const v of variants) servers[v] = await start(v);
    for (const v of variants) await load(servers[v].url, WARMUP_SECONDS);
    const loadRun = (v: Variant) => () => load(servers[v].url, RUN_SECONDS);
    throughput = await interleaved(
      { checksOn: loadRun('checksOn'), checksOff: loadRun('checksOff'), prism: loadRun('prism') },
      ROUNDS,
    );
    for (const v of variants) rss[v] = memoryMb(servers[v].child.proc.pid!);
  } finally {
    for (const v of variants) await servers[v]?.child.stop();
  }

  const s = (v: Variant) => summarize(throughput[v]);
  const st = (v: Variant) => summarize(startup[v]);
  const mem = (v: Variant) => summarize([rss[v].rss]);
  const rows: Row[] = [
    {
      figure: `req/s at ${CONNECTIONS} connections: ${LABEL.checksOn} vs ${LABEL.prism}`,
      unit: 'req/s',
      ours: s('checksOn'),
      baseline: s('prism'),
      target: { kind: 'ratio-min', value: 0.8 },
    },
    {
      figure: `req/s at ${CONNECTIONS} connections: ${LABEL.checksOff} vs ${LABEL.prism}`,
      unit: 'req/s',
      ours: s('checksOff'),
      baseline: s('prism'),
    },
    {
      figure: `startup to first 200: ${LABEL.checksOn} vs ${LABEL.prism}`,
      unit: 'ms',
      ours: st('checksOn'),
      baseline: st('prism'),
      target: { kind: 'ratio-max', value: 1.5 },
    },
    {
      figure: `startup to first 200: ${LABEL.checksOff} vs ${LABEL.prism}`,
      unit: 'ms',
      ours: st('checksOff'),
      baseline: st('prism'),
      target: { kind: 'ratio-max', value: 1.5 },
    },
    {
      figure: `RSS after load: ${LABEL.checksOn} vs ${LABEL.prism}`,
      unit: 'MB',
      ours: mem('checksOn'),
      baseline: mem('prism'),
      note: `peak ${rss.checksOn.peak.toFixed(0)} vs ${rss.prism.peak.toFixed(0)} MB`,
    },
    {
      figure: `RSS after load: ${LABEL.checksOff} vs ${LABEL.prism}`,
      unit: 'MB',
      ours: mem('checksOff'),
      baseline: mem('prism'),
      note: `peak ${rss.checksOff.peak.toFixed(0)} MB`,
    },
  ];

  const notes: string[] = [];
  if (profileAlways || missed(rows).length > 0) notes.push(await profileCheckedServer());
  notes.push(
    `Startup: a fresh process per run, timed from spawn to the first HTTP 200 on the request below (polled every 10 ms). ` +
      `Throughput: autocannon (in the benchmark process) with ${CONNECTIONS} connections for ${RUN_SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up; ` +
      `only 2xx answers counted, any other answer fails the figure. RSS is one reading per server after all its runs.`,
    `All three serve spec/dist/openapi.json on 127.0.0.1 with logging off (\`--quiet\`, Prism \`-v silent\`). Request: \`GET ${requestPath}\`.`,
  );
  return {
    id: 4,
    title: 'Mock server',
    about:
      'The `daji-mock` CLI against bare `prism mock` (Prism 5.14.2 CLI) on the same bundled spec and the same signed keyword search.',
    rows,
    notes,
    elapsedMs: nowMs() - started,
  };
}

/** A CPU profile of `daji-mock` with signature checks under the same load, to explain a missed target. */
async function profileCheckedServer(): Promise<string> {
  const dir = join(tmpDir, `prof-mock-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await start('checksOn', ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200']);
  try {
    await load(server.url, PROFILE_SECONDS);
  } finally {
    await server.child.stop(8000);
  }
  try {
    // Only the load window: the process's first seconds are module loading, which startup already measures.
    const profile = lastMs(readNewestProfile(dir), PROFILE_SECONDS * 1000);
    return (
      `Profile of \`daji-mock\` with signature checks under the same load. Self time by origin: ${selfTimeByOrigin(profile)}. ` +
      `Top frames: ${topFrames(profile, 10)}.`
    );
  } catch (error) {
    return `A profile of \`daji-mock\` was attempted but could not be read: ${(error as Error).message}`;
  }
}
