import { defineConfig } from 'tsup';
import { MANGLED_PROPS } from './scripts/mangled-props.mjs';

// Public entries: the client, the push-message helpers (`@daji-openapi/client/messages`) and the response
// validation (`@daji-openapi/client/validate`), kept apart so the client's bundle stays small; plus
// `@daji-openapi/client/spec-checks`, the client's default checks on their own (kept for compatibility).
// `neutral` keeps Node built-ins out of the default build, so both run in browsers and edge runtimes.
// Node gets its own build of the client (dist/node/index.cjs, which `import` and `require` both load): the
// same code plus the node:http transport. The build script empties dist first (both builds write there).
// Both shorten the request rules' keywords (scripts/mangled-props.mjs); quoted keys are never touched.
const mangle = (options: { mangleProps?: RegExp }) => {
  options.mangleProps = new RegExp(`^(?:${MANGLED_PROPS.join('|')})$`);
};

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      messages: 'src/messages.ts',
      validate: 'src/validate.ts',
      'spec-checks': 'src/spec-checks.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    outDir: 'dist',
    esbuildOptions: mangle,
  },
  {
    entry: { index: 'src/node.ts' },
    format: ['cjs'],
    dts: false,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
    outDir: 'dist/node',
    esbuildOptions: mangle,
  },
]);
