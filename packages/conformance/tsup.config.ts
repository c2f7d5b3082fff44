import { defineConfig } from 'tsup';

// No dependencies and no Node built-ins: the same build runs in Node, browsers and edge runtimes, and it
// never compiles code at run time (no `new Function`), so it also works where eval is forbidden.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  outDir: 'dist',
});
