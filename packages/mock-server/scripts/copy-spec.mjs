// Ships the bundled Daji spec inside the package (dist/openapi.json), so a published mock server
// serves the same contract without the repository around it.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const specDir = dirname(require.resolve('@daji-openapi/spec/package.json'));
const source = join(specDir, 'dist', 'openapi.json');
if (!existsSync(source)) {
  console.error(
    `copy-spec: ${source} does not exist. Run \`pnpm --filter @daji-openapi/spec bundle\` first.`,
  );
  process.exit(1);
}
const target = fileURLToPath(new URL('../dist/openapi.json', import.meta.url));
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log(`copy-spec: ${source} -> ${target}`);
