// The published package as users get it: packed with pnpm (workspace: and catalog: versions become real
// ones), installed with npm into a fresh project outside the workspace, used from ESM and from CommonJS
// against a real redis-server. (publint and are-the-types-wrong run for every published package in
// packages/consumer-tests.)
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';

const exec = promisify(execFile);
const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const packages = join(pkgDir, '..');
const project = mkdtempSync(join(tmpdir(), 'daji-redis-consumer-'));
let redis: RedisServer;

// What the README shows, run as a user would: every factory, then close.
const usage = (load: string) => `
${load}
const url = process.env.REDIS_URL;
const prefix = process.env.PREFIX;
const seen = await createRedisSeenStore({ url, prefix });
const first = await seen.claim('1');
const second = await seen.claim('1');
await seen.complete('1');
const third = await seen.claim('1');
const lock = await createRedisPayLock({ url, prefix });
const lease = await lock.acquire('2257164624870311973');
const taken = await lock.acquire('2257164624870311973');
await lease.release();
const limiter = await createRedisRateLimiter({ url, requestsPerSecond: 50 });
await limiter.acquire({ operationId: 'keywordSearch', method: 'GET', path: '/', attempt: 1, deadline: Date.now() + 5000, signal: new AbortController().signal });
let refused = '';
try { await createRedisSeenStore({ url: 'http://nope' }); } catch (error) { refused = error.message; }
await Promise.all([seen.close(), lock.close(), limiter.close()]);
console.log(JSON.stringify({ first, second, third, held: lease !== null, taken, unavailable: typeof RedisUnavailableError, refused }));
`;

describe('the packed package in a fresh project', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    redis = await startRedisServer();
    const tarballs = join(project, 'tarballs');
    // The package and the workspace packages it needs at run time.
    for (const name of ['redis', 'client', 'retry-policies', 'conformance']) {
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
      usage(
        "import { createRedisPayLock, createRedisRateLimiter, createRedisSeenStore, RedisUnavailableError } from '@daji-openapi/redis';",
      ),
    );
    writeFileSync(
      join(project, 'cjs.cjs'),
      `(async () => {${usage(
        "const { createRedisPayLock, createRedisRateLimiter, createRedisSeenStore, RedisUnavailableError } = require('@daji-openapi/redis');",
      )}})();`,
    );
  }, 240_000);
  afterAll(async () => {
    await redis?.dispose();
    rmSync(project, { recursive: true, force: true });
  });

  for (const file of ['esm.mjs', 'cjs.cjs']) {
    it(`works as the README says from ${file.endsWith('.mjs') ? 'ESM' : 'CommonJS'}`, async () => {
      const { stdout } = await exec(process.execPath, [file], {
        cwd: project,
        env: { ...process.env, REDIS_URL: redis.url, PREFIX: `${file}:` },
      });
      expect(JSON.parse(stdout)).toEqual({
        first: 'claimed',
        second: 'processing',
        third: 'done',
        held: true,
        taken: null,
        unavailable: 'function',
        refused: expect.stringMatching(
          /createRedisSeenStore: options\.url must be a redis:\/\/ or rediss:\/\/ URL/,
        ),
      });
    });
  }
});
