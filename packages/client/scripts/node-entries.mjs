// Writes dist/node/<entry>.mjs: for Node, `import` loads the CommonJS build through these re-exports, so
// an app that both imports and requires the client (directly or through a dependency) has one copy of
// it: one DajiError class, one instanceof. Browsers and bundlers keep the real ESM build. An entry with a
// Node build of its own (dist/node/<entry>.cjs: the client, with its node:http transport) re-exports that.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dist = new URL('../dist/', import.meta.url);
mkdirSync(new URL('node/', dist), { recursive: true });

for (const entry of process.argv.slice(2)) {
  const own = existsSync(new URL(`node/${entry}.cjs`, dist));
  const target = own ? `./${entry}.cjs` : `../${entry}.cjs`;
  const names = Object.keys(require(new URL(`node/${target}`, dist).pathname)).filter(
    (name) => name !== '__esModule',
  );
  if (names.length === 0) throw new Error(`dist/node/${target} exports nothing`);
  writeFileSync(
    new URL(`node/${entry}.mjs`, dist),
    `// Node's ESM entry: the CommonJS build, re-exported, so import and require share one copy.\nimport cjs from '${target}';\n\nexport const { ${names.sort().join(', ')} } = cjs;\n`,
  );
}
