// Figure 8: what checking real traffic against the spec costs — the latency `daji-mock proxy` adds per call,
// the time to check one answer, and the size of `@daji-openapi/client/validate`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConformanceSpec, type OpenApiDocument } from '@daji-openapi/conformance';
import preset from '@size-limit/preset-small-lib';
import sizeLimit from 'size-limit';
import {
  benchDir,
  KEYWORD_PATH,
  keywordQuery,
  keywordSearchBody,
  productDetailBody,
  repoRoot,
  specJsonPath,
  tmpDir,
} from './fixtures.js';
import { startChild } from './processes.js';
import { type FigureResult, fmt, type Row } from './report.js';
import {
  type Bound,
  interleaved,
  microsPerCall,
  nowMs,
  quick,
  ROUNDS,
  requestsPerSecond,
  summarize,
} from './stats.js';

const CALLS: Bound = quick ? { maxCount: 300, maxMs: 300 } : { maxCount: 2000, maxMs: 600 };
const CHECKS: Bound = quick ? { maxCount: 2_000, maxMs: 60 } : { maxCount: 20_000, maxMs: 200 };

async function bundleKb(source: string, name: string): Promise<number> {
  // Inside bench/ so the entry resolves the workspace packages the way an app's node_modules would.
  const dir = join(tmpDir, 'conformance');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.js`);
  writeFileSync(file, source);
  const results = (await sizeLimit(
    preset as never,
    { checks: [{ files: [file], gzip: true }] } as never,
  )) as {
    size?: number;
  }[];
  const size = results[0]?.size;
  if (typeof size !== 'number') throw new Error(`figure 8: size-limit returned no size for ${name}`);
  return size / 1024;
}

export async function conformance(): Promise<FigureResult> {
  const started = nowMs();
  const rows: Row[] = [];
  const notes: string[] = [];

  // 1. Added latency: the same sequential keyword search, straight to the server and through the proxy.
  const server = startChild(process.execPath, ['--import', 'tsx', 'src/loopback-server.ts'], {
    cwd: benchDir,
  });
  let proxy: ReturnType<typeof startChild> | undefined;
  try {
    const port = Number((await server.waitForLine(/listening (\d+)/, 20_000))[1]);
    const upstream = `http://127.0.0.1:${port}`;
    proxy = startChild(
      process.execPath,
      [
        join(repoRoot, 'packages/mock-server/bin/daji-mock.js'),
        'proxy',
        '--upstream',
        upstream,
        '--port',
        '0',
        '--quiet',
      ],
      { cwd: benchDir },
    );
    const proxyUrl = (await proxy.waitForLine(/listening on (http:\/\/\S+),/, 20_000))[1]!;
    const query = new URLSearchParams(
      Object.entries({ appKey: 'demoKey123', ...keywordQuery, sign: '0'.repeat(32) }).map(([k, v]) => [
        k,
        String(v),
      ]),
    );
    const call = (base: string) => async () => {
      const res = await fetch(`${base}${KEYWORD_PATH}?${query}`);
      const text = await res.text();
      if (!res.ok || !text.startsWith('{')) throw new Error(`figure 8: HTTP ${res.status} from ${base}`);
    };
    const run = (fn: () => Promise<void>) => async () => {
      const t = await requestsPerSecond(fn, 1, CALLS);
      return 1000 / t.perSecond; // ms per call
    };
    const variants = { proxied: run(call(proxyUrl)), direct: run(call(upstream)) };
    await interleaved(variants, 1);
    const samples = await interleaved(variants, ROUNDS);
    const proxied = summarize(samples.proxied);
    const direct = summarize(samples.direct);
    rows.push({
      figure:
        'sequential keyword search on loopback: through daji-mock proxy (forward + check both sides) vs direct',
      unit: 'ms/call',
      ours: proxied,
      baseline: direct,
      note: `added ${fmt((proxied.median - direct.median) * 1000)} µs per call`,
    });
    const report = (await (await fetch(`${proxyUrl}/__drift`)).json()) as {
      operations: Record<string, { calls: number }>;
    };
    notes.push(
      `The proxy checked ${report.operations.keywordSearch?.calls ?? 0} calls during the run. Server, proxy and the ` +
        `measuring client are three processes on the same machine; each run stops at ${CALLS.maxCount} calls or ${CALLS.maxMs} ms.`,
    );
  } finally {
    await proxy?.stop();
    await server.stop();
  }

  // 2. Cost of checking one answer, against parsing it.
  const spec = new ConformanceSpec(JSON.parse(readFileSync(specJsonPath, 'utf8')) as OpenApiDocument);
  for (const [label, path, body] of [
    ['keyword search', KEYWORD_PATH, keywordSearchBody()],
    ['product detail', '/alibaba/product/queryProductDetail', productDetailBody()],
  ] as const) {
    const op = spec.match('GET', path);
    if (!op) throw new Error(`figure 8: GET ${path} is not in the spec`);
    const check = () =>
      spec.checkResponse(op, { status: 200, contentType: 'application/json', body }).findings.length;
    if (check() !== 0) throw new Error(`figure 8: the spec's own ${label} example does not conform`);
    const variants = {
      check: () => microsPerCall(check, CHECKS, 20),
      parse: () => microsPerCall(() => JSON.parse(body), CHECKS, 20),
    };
    await interleaved(variants, 1);
    const s = await interleaved(variants, ROUNDS);
    rows.push({
      figure: `checking one ${label} answer (${(body.length / 1024).toFixed(1)} kB): parse + check vs JSON.parse alone`,
      unit: 'µs',
      ours: summarize(s.check),
      baseline: summarize(s.parse),
    });
  }

  // 3. Size of the validator entry, against the client's main entry.
  const sizes = { validate: [] as number[], client: [] as number[] };
  for (let i = 0; i < Math.min(ROUNDS, 2); i++) {
    sizes.validate.push(await bundleKb("export * from '@daji-openapi/client/validate';\n", 'validate'));
    sizes.client.push(await bundleKb("export { createDajiClient } from '@daji-openapi/client';\n", 'client'));
  }
  rows.push({
    figure: 'min + gzip: @daji-openapi/client/validate (checks + compact spec) vs createDajiClient',
    unit: 'kB',
    ours: summarize(sizes.validate),
    baseline: summarize(sizes.client),
  });
  notes.push(
    'The validator is its own entry point: an application that does not import it ships none of it. Its size ' +
      'includes every schema the answers are checked against, stripped to the keywords that validate.',
  );

  return {
    id: 8,
    title: 'Conformance proxy and validator',
    about:
      'Ours = `daji-mock proxy` forwarding to a local server and checking each request and answer, and ' +
      '`ConformanceSpec.checkResponse` (what the proxy and `validateResponses` run per answer); baselines = ' +
      'calling the server directly, and `JSON.parse` of the same body.',
    rows,
    notes,
    elapsedMs: nowMs() - started,
  };
}
