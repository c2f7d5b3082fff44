// Bundles the split spec into one file for the client generator, the mock server and the docs:
// dist/openapi.yaml (Redocly's bundler, every $ref and guide inlined) and dist/openapi.json (the same document).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(specDir, 'dist');
const redocly = join(specDir, 'node_modules', '.bin', 'redocly');

// Other packages' tests read dist/ while this runs (turbo runs them in parallel), so each file is written
// beside its final name and renamed into place: a reader sees the old bundle or the new one, never half.
const staging = (name) => join(distDir, `.staging-${process.pid}-${name}`);

mkdirSync(distDir, { recursive: true });
execFileSync(
  redocly,
  ['bundle', 'openapi.yaml', '--config', '../redocly.yaml', '--output', staging('openapi.yaml')],
  {
    cwd: specDir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);

// One bundling run, two serialisations: the JSON is parsed from the YAML so the two can never drift.
// The spec holds no integer beyond 2^53 (order ids are strings), so parsing to JS numbers is lossless.
const yamlText = readFileSync(staging('openapi.yaml'), 'utf8');
const document = parse(yamlText);
writeFileSync(staging('openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
renameSync(staging('openapi.yaml'), join(distDir, 'openapi.yaml'));
renameSync(staging('openapi.json'), join(distDir, 'openapi.json'));
console.log(
  `bundled ${Object.keys(document.paths).length} paths and ${Object.keys(document.webhooks).length} webhooks into dist/openapi.yaml and dist/openapi.json`,
);
