// Figure 6: what the client adds to an app bundle, against openapi-fetch alone (size-limit: esbuild + gzip).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import preset from '@size-limit/preset-small-lib';
import sizeLimit from 'size-limit';
import { MANGLED_PROPS } from '../../packages/client/scripts/mangled-props.mjs';
import { tmpDir } from './fixtures.js';
import type { FigureResult, Row } from './report.js';
import { nowMs, ROUNDS, summarize } from './stats.js';

// Entry points as an application would write them; bundled for the browser, minified and tree-shaken.
const ENTRIES = {
  client: `export { createDajiClient } from '@daji-openapi/client';\n`,
  everything: `export * from '@daji-openapi/client';\nexport * from '@daji-openapi/retry-policies';\n`,
  openapiFetch: `export { default as createClient } from 'openapi-fetch';\n`,
};
type Entry = keyof typeof ENTRIES;

async function measure(file: string, compression: 'gzip' | 'none'): Promise<number> {
  const check = compression === 'gzip' ? { files: [file], gzip: true } : { files: [file], brotli: false };
  const results = (await sizeLimit(preset as never, { checks: [check] } as never)) as { size?: number }[];
  const size = results[0]?.size;
  if (typeof size !== 'number') throw new Error(`figure 6: size-limit returned no size for ${file}`);
  return size / 1000; // kB = 1000 bytes, as size-limit and the client's budget count them
}

// The esbuild that size-limit itself bundles with, borrowed (as the client's package test borrows tsup's).
const esbuild = (() => {
  const preset = createRequire(import.meta.url).resolve('@size-limit/preset-small-lib');
  const plugin = createRequire(preset).resolve('@size-limit/esbuild');
  return createRequire(plugin)('esbuild') as {
    build(options: object): Promise<{
      metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
    }>;
  };
})();

const root = new URL('../../', import.meta.url).pathname;

/**
 * Where the minified bytes of an entry come from: the largest modules and their share of the bundle. Built
 * from the workspace sources (the published dist merges modules into chunks), so the share is per file.
 */
async function breakdown(file: string, top = 14): Promise<string> {
  const { metafile } = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    write: false,
    outdir: join(file, '..', 'breakdown'),
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
    // As the client's own build does (packages/client/tsup.config.ts), so the shares match what ships.
    mangleProps: new RegExp(`^(?:${MANGLED_PROPS.join('|')})$`),
    alias: {
      '@daji-openapi/client': `${root}packages/client/src/index.ts`,
      '@daji-openapi/retry-policies': `${root}packages/retry-policies/src/index.ts`,
    },
    nodePaths: [`${root}packages/client/node_modules`, `${root}packages/retry-policies/node_modules`],
  });
  const inputs = Object.values(metafile.outputs).flatMap((output) => Object.entries(output.inputs));
  const total = inputs.reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  // Short names: `client/src/pipeline/send.ts`, `openapi-fetch`.
  const name = (path: string) =>
    path.includes('node_modules/')
      ? path.replace(/^.*node_modules\/([^/]+).*$/, '$1')
      : path.replace(/^(\.\.\/)*packages\//, '');
  return inputs
    .filter(([, input]) => input.bytesInOutput > 0)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, top)
    .map(([path, input]) => `${name(path)} ${Math.round((100 * input.bytesInOutput) / total)} %`)
    .join(', ');
}

export async function footprint(): Promise<FigureResult> {
  const started = nowMs();
  // Inside bench/ so that the entries resolve the workspace packages the way an app's node_modules would.
  const dir = join(tmpDir, 'footprint');
  mkdirSync(dir, { recursive: true });
  const files = {} as Record<Entry, string>;
  for (const [name, text] of Object.entries(ENTRIES) as [Entry, string][]) {
    files[name] = join(dir, `${name}.js`);
    writeFileSync(files[name], text);
  }

  // Bundle sizes are deterministic; the repeated runs show it (min = max) rather than average anything.
  const sizes = async (entry: Entry, compression: 'gzip' | 'none') => {
    const samples: number[] = [];
    for (let i = 0; i < ROUNDS; i++) samples.push(await measure(files[entry], compression));
    return summarize(samples);
  };
  const gz = {
    client: await sizes('client', 'gzip'),
    everything: await sizes('everything', 'gzip'),
    base: await sizes('openapiFetch', 'gzip'),
  };
  const min = { client: await sizes('client', 'none'), base: await sizes('openapiFetch', 'none') };

  const rows: Row[] = [
    {
      figure:
        'min + gzip: `createDajiClient` (client + retry-policies signing + openapi-fetch + pure-JS MD5) vs openapi-fetch alone',
      unit: 'kB',
      ours: gz.client,
      baseline: gz.base,
    },
    {
      figure: 'min + gzip: `createDajiClient` with signing',
      unit: 'kB',
      ours: gz.client,
      target: { kind: 'max', value: 10 },
    },
    {
      figure: 'minified, no compression: `createDajiClient` vs openapi-fetch alone',
      unit: 'kB',
      ours: min.client,
      baseline: min.base,
    },
    {
      figure: 'min + gzip: every export of client and retry-policies vs openapi-fetch alone',
      unit: 'kB',
      ours: gz.everything,
      baseline: gz.base,
    },
  ];
  return {
    id: 6,
    title: 'Footprint',
    about:
      "Bytes an application ships, measured with size-limit's API (@size-limit/preset-small-lib: esbuild bundle for the browser, " +
      'minified, tree-shaken; gzip level 9); 1 kB = 1000 bytes. The browser build of retry-policies is used, so MD5 is the pure-JS one, not node:crypto. ' +
      `Entries: ${Object.entries(ENTRIES)
        .map(([k, v]) => `${k} = \`${v.trim().replace(/\n/g, ' ')}\``)
        .join('; ')}.`,
    rows,
    notes: [
      '`createDajiClient` with signing has a 10 kB target; the other rows show what the SDK adds on top of openapi-fetch, which it builds on.',
      `Where \`createDajiClient\`'s minified bytes come from (share of the bundle, by module): ${await breakdown(files.client)}.`,
    ],
    elapsedMs: nowMs() - started,
  };
}
