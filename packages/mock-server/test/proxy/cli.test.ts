import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, runCli, runningClis } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { conformingSearch, credentials, json, startFakeUpstream, testSpec } from './fake-upstream.js';

// A failed test must not leave a proxy behind; the fake upstream closes itself.
afterEach(() => {
  for (const child of runningClis) child.kill('SIGKILL');
});

beforeAll(() => {
  if (!existsSync(builtCli)) {
    throw new Error(`${builtCli} is missing: run \`pnpm --filter @daji-openapi/mock-server build\` first.`);
  }
});

describe('daji-mock proxy', () => {
  it('forwards, logs one line per call, and on SIGINT writes the report, the recordings and a summary table', async () => {
    const upstream = await startFakeUpstream((_req, res) => {
      const body = conformingSearch() as Record<string, unknown>;
      (body.data as Record<string, unknown>).newTopLevel = 1;
      json(res, body);
    });
    const dir = tempDir('daji-proxy-cli-');
    const report = join(dir, 'drift.json');
    const spec = join(dir, 'openapi.json');
    await writeFile(spec, JSON.stringify(testSpec));
    const cli = runCli([
      'proxy',
      '--upstream',
      upstream.url,
      '--port',
      '0',
      '--report',
      report,
      '--record',
      join(dir, 'rec'),
      '--spec',
      spec,
    ]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+), forwarding to /);

    const answer = await fetch(
      `${url}/alibaba/product/keywordQuery?keyword=%E8%A3%99&beginPage=1&pageSize=20&appKey=${credentials.appKey}&sign=${credentials.sign}`,
    );
    expect(answer.status).toBe(200);
    await answer.arrayBuffer();
    await cli.waitFor(
      /GET \/alibaba\/product\/keywordQuery 200 \d+\.\dms keywordSearch: 2 deviations, answer valid\n/,
    );

    cli.child.kill('SIGINT');
    expect(await cli.exit).toEqual({ code: 0, signal: null });
    const out = cli.stdout();
    expect(out).toMatch(/operation\s+calls\s+valid\s+deviations\n/);
    expect(out).toMatch(/keywordSearch\s+1\s+1\s+2\n/);
    expect(out).toContain('unknown-field request /query/beginPage');
    expect(out).toContain('unknown-field /data/newTopLevel');
    expect(out).toContain(`Report written to ${report}.`);

    const written = JSON.parse(await readFile(report, 'utf8'));
    expect(written.operations.keywordSearch).toMatchObject({ calls: 1, valid: 1 });
    expect(await readdir(join(dir, 'rec'))).toHaveLength(1);
    for (const secret of [credentials.appKey, credentials.sign]) {
      expect(out + cli.stderr()).not.toContain(secret);
      expect(JSON.stringify(written)).not.toContain(secret);
    }
  });

  it('explains a missing --upstream and exits 2', async () => {
    const cli = runCli(['proxy', '--port', '0']);
    expect(await cli.exit).toEqual({ code: 2, signal: null });
    expect(cli.stderr()).toContain('--upstream is required');
  });
});
