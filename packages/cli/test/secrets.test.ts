import type { MockServer } from '@daji-openapi/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_KEY, APP_SECRET, baseEnv, daji, expectNoSecret } from './support/daji.js';
import { startMock } from './support/mock.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.close());

describe('the app secret', () => {
  it.each(['doctor', 'call', 'pay', 'export', 'listen'])(
    'is refused as a command-line argument by daji %s, without echoing it (exit 2)',
    async (command) => {
      for (const form of [['--app-secret', APP_SECRET], [`--app-secret=${APP_SECRET}`]]) {
        const run = await daji([command, ...form], baseEnv());
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('--app-secret is not accepted');
        expect(run.stderr).toContain('DAJI_APP_SECRET');
        expectNoSecret(run);
      }
    },
  );

  it('can be read from standard input with --app-secret-file -', async () => {
    const run = await daji(
      [
        'call',
        'getCategory',
        'categoryID=0',
        '--app-key',
        APP_KEY,
        '--app-secret-file',
        '-',
        '--base-url',
        mock.url,
      ],
      baseEnv(),
      `${APP_SECRET}\n`,
    );
    expect(run.code).toBe(0);
    expectNoSecret(run);
  });

  it('never appears in the error of a failed call, even with --json', async () => {
    const wrong = 'a-Wrong-secret-31337';
    const run = await daji(
      ['call', 'getCategory', 'categoryID=0', '--json'],
      baseEnv({ DAJI_APP_KEY: APP_KEY, DAJI_APP_SECRET: wrong, DAJI_BASE_URL: mock.url }),
    );
    expect(run.code).toBe(3);
    expectNoSecret(run, wrong);
  });

  it('an unreadable --app-secret-file is a usage error naming the file (exit 2)', async () => {
    const run = await daji(
      ['doctor', '--app-key', APP_KEY, '--app-secret-file', '/nonexistent/secret'],
      baseEnv(),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read --app-secret-file /nonexistent/secret (ENOENT)');
  });
});
