// The published package as users get it: packed with pnpm, installed with npm into a fresh project outside
// the workspace, used from ESM and from CommonJS as the README shows. (publint and are-the-types-wrong run for
// every published package in packages/consumer-tests.)
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'daji-conformance-consumer-'));

// The README's example, with a drifted order answer: one unknown field, one wrong type.
const usage = (load: string) => `
${load}
const { readFileSync } = require_('node:fs');
const spec = new ConformanceSpec(JSON.parse(readFileSync('openapi.json', 'utf8')));
const drift = new DriftCollector({ spec: { title: spec.title, version: spec.version } });
const op = spec.match('GET', '/alibaba/product/keywordQuery');
const text = JSON.stringify({ code: '200', message: 'ok', data: null, timestamp: 1724224057972, traceId: '6b9849c1a5b0', surprise: true });
const { findings, valid } = spec.checkResponse(op, { status: 200, contentType: 'application/json', body: text });
drift.record(op.operationId, findings, valid);
const report = drift.toJSON();
console.log(JSON.stringify({ valid, deviations: report.operations.keywordSearch.deviations.map((d) => [d.pointer, d.kind]), table: drift.summary().split('\\n')[1] }));
`;

describe('the packed package in a fresh project', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    const tarballs = join(project, 'tarballs');
    await exec('pnpm', ['pack', '--pack-destination', tarballs], { cwd: pkgDir });
    writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}\n');
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], {
      cwd: project,
      env: { ...process.env, npm_config_workspaces: 'false' },
    });
    copyFileSync(
      createRequire(import.meta.url).resolve('@daji-openapi/spec/dist/openapi.json'),
      join(project, 'openapi.json'),
    );
    writeFileSync(
      join(project, 'esm.mjs'),
      usage(
        "import { ConformanceSpec, DriftCollector } from '@daji-openapi/conformance';\nimport { createRequire } from 'node:module';\nconst require_ = createRequire(import.meta.url);",
      ),
    );
    writeFileSync(
      join(project, 'cjs.cjs'),
      usage(
        "const { ConformanceSpec, DriftCollector } = require('@daji-openapi/conformance');\nconst require_ = require;",
      ),
    );
  }, 240_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  for (const file of ['esm.mjs', 'cjs.cjs']) {
    it(`works as the README says from ${file.endsWith('.mjs') ? 'ESM' : 'CommonJS'}`, async () => {
      const { stdout } = await exec(process.execPath, [file], { cwd: project });
      const result = JSON.parse(stdout);
      expect(result.valid).toBe(false);
      expect(result.deviations).toContainEqual(['/code', 'type']);
      expect(result.deviations).toContainEqual(['/surprise', 'unknown-field']);
      expect(result.table).toMatch(/^operation\s+calls\s+valid\s+deviations$/);
    });
  }
});
