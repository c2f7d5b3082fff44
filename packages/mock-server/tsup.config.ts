import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    shims: true,
    target: 'node20',
    platform: 'node',
    sourcemap: true,
  },
  {
    // The CLI is ESM only: it is started through bin/daji-mock.js and never required.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
  },
]);
