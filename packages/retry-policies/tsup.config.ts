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
  },
]);
