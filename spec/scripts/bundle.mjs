// Bundles the split spec into one file for the client generator, the mock server and the docs:
// dist/openapi.yaml (Redocly's bundler, every $ref and guide inlined) and dist/openapi.json (the same document).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(specDir, 'dist');
const yamlOut = join(distDir, 'openapi.yaml');
const jsonOut = join(distDir, 'openapi.json');
const redocly = join(specDir, 'node_modules', '.bin', 'redocly');

mkdirSync(distDir, { recursive: true });
execFileSync(redocly, ['bundle', 'openapi.yaml', '--config', '../redocly.yaml', '--output', yamlOut], {
  cwd: specDir,
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  stdio: ['ignore', 'ignore', 'inherit'],
});

// One bundling run, two serialisations: the JSON is parsed from the YAML so the two can never drift.
// The spec holds no integer beyond 2^53 (order ids are strings), so parsing to JS numbers is lossless.
const document = parse(readFileSync(yamlOut, 'utf8'));
writeFileSync(jsonOut, `${JSON.stringify(document, null, 2)}\n`);
console.log(
  `bundled ${Object.keys(document.paths).length} paths into dist/openapi.yaml and dist/openapi.json`,
);
