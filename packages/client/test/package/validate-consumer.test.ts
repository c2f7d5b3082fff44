// `@daji-openapi/client/validate` as users get it: the client packed with pnpm (with the workspace packages
// it needs), installed with npm into a fresh project outside the workspace, used from ESM and CommonJS.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const packages = fileURLToPath(new URL('../../..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'daji-validate-consumer-'));

// The README's example against a stand-in Daji whose answer carries a field the spec does not describe.
const usage = `
const answer = { code: 200, message: 'ok', data: null, timestamp: 1724224057972, traceId: '6b9849c1a5b0', surprise: 1 };
const client = createDajiClient({
  appKey: 'demoKey123',
  appSecret: 'demoSecret456',
  fetch: async () => new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }),
});
const events = [];
const validator = validateResponses({ sampleRate: 1, onDrift: (event) => events.push(event) });
client.use(validator);
const { data } = await client.GET('/alibaba/product/keywordQuery', { params: { query: { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } } });
await validator.idle();
console.log(JSON.stringify({ code: data?.code, events: events.map((e) => [e.operationId, e.valid, e.deviations.map((d) => d.pointer + ' ' + d.kind)]) }));
`;

describe('@daji-openapi/client/validate from the packed package', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    const tarballs = join(project, 'tarballs');
    for (const name of ['client', 'retry-policies', 'conformance']) {
      await exec('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(packages, name) });
    }
    writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}\n');
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], {
      cwd: project,
      env: { ...process.env, npm_config_workspaces: 'false' },
    });
    writeFileSync(
      join(project, 'esm.mjs'),
      `import { createDajiClient } from '@daji-openapi/client';\nimport { validateResponses } from '@daji-openapi/client/validate';\n${usage}`,
    );
    writeFileSync(
      join(project, 'cjs.cjs'),
      `const { createDajiClient } = require('@daji-openapi/client');\nconst { validateResponses } = require('@daji-openapi/client/validate');\n(async () => {${usage}})();`,
    );
  }, 240_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  for (const file of ['esm.mjs', 'cjs.cjs']) {
    it(`reports drift as the README says from ${file.endsWith('.mjs') ? 'ESM' : 'CommonJS'}`, async () => {
      const { stdout } = await exec(process.execPath, [file], { cwd: project });
      expect(JSON.parse(stdout)).toEqual({
        code: 200,
        events: [['keywordSearch', true, ['/surprise unknown-field']]],
      });
    });
  }
});
