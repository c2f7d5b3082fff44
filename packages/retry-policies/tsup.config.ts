import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

/**
 * Two builds of the same source. The default one (browsers, edge runtimes, bundlers) hashes with
 * its own small pure-JS MD5 and never imports a Node built-in. The Node one, picked by the `node` export
 * condition, swaps `md5.ts` for `md5-node.ts` (node:crypto) and `sign.ts` for `sign-node.ts` (signs
 * without building the sign string); `sign-node.ts` itself still reaches the shared `sign.ts`.
 */
const nodeSwaps = {
  name: 'node-swaps',
  setup(build: {
    onResolve: (
      o: { filter: RegExp },
      cb: (a: { path: string; importer: string; resolveDir: string }) => { path: string } | undefined,
    ) => void;
  }) {
    build.onResolve({ filter: /^\.\/(md5|sign)\.js$/ }, (args) => {
      const swapped = args.path.replace(/^\.\/(.*)\.js$/, '$1-node.ts');
      if (args.importer.endsWith(swapped)) return undefined;
      return { path: join(args.resolveDir, swapped) };
    });
  },
};

/**
 * The top-level `const`s of the Node signing path (the buffer, its tables, the bound charCodeAt, the
 * name table, MD5's hex digits). esbuild writes every top-level declaration of a bundle as `var`; V8
 * treats a module's `const` as a constant when it optimises the functions that read it, and a `var` as a
 * slot to load again on every use. Put back, the writers store straight into a buffer of known address
 * and length and call charCodeAt without a target check: an order-create body signs in about 0.88× the
 * time. Only the ESM entry has a module scope; in CommonJS the declarations stay as they are.
 */
const CONSTANT_SOURCES = ['src/canonical-bytes.ts', 'src/md5-blocks.ts'];

function keepSigningConstants(file: string): void {
  const names = CONSTANT_SOURCES.flatMap((source) =>
    [...readFileSync(source, 'utf8').matchAll(/^(?:export )?const (\w+)\b/gm)].map((m) => m[1]!),
  );
  let text = readFileSync(file, 'utf8');
  for (const name of names) {
    const declaration = new RegExp(`^var ${name} = `, 'gm');
    const found = text.match(declaration)?.length ?? 0;
    if (found !== 1) {
      throw new Error(`tsup.config.ts: expected one top-level "var ${name} = " in ${file}, found ${found}.`);
    }
    text = text.replace(declaration, `const ${name} = `);
  }
  writeFileSync(file, text);
}

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    outDir: 'dist',
  },
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    outDir: 'dist/node',
    esbuildPlugins: [nodeSwaps],
    onSuccess: async () => keepSigningConstants('dist/node/index.js'),
  },
]);
