import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockServer } from '@daji-openapi/mock-server';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  APP_KEY,
  APP_SECRET,
  baseEnv,
  closedPort,
  credentials,
  daji,
  expectNoSecret,
} from './support/daji.js';
import { startMock } from './support/mock.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.close());

describe('daji doctor', () => {
  it('exits 0 after a signed call succeeded, and says the server is the mock', async () => {
    const run = await daji(['doctor'], baseEnv(credentials(mock.url)));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ signed call');
    expect(run.stdout).toContain(`OK: a signed call succeeded with app key ${APP_KEY}`);
    expect(run.stdout).toContain('daji-mock server (Prism)');
    expect(run.stdout).toMatch(/✓ clock/);
    expectNoSecret(run);
  });

  it('diagnoses a wrong secret as a refused signature (exit 1), without printing either secret', async () => {
    const wrong = 'totally-Wrong-secret-42';
    const run = await daji(['doctor'], baseEnv(credentials(mock.url, wrong)));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ signature');
    expect(run.stdout).toContain('the app secret does not belong to app key');
    expect(run.stdout).toContain('Copy the app secret again');
    expectNoSecret(run, wrong);
    expectNoSecret(run);
    // Neither the signature sent nor the one expected is shown.
    expect(run.stdout).not.toMatch(/[0-9A-F]{32}/);
  });

  it('diagnoses an app that is not activated (exit 1) and says what to do', async () => {
    const run = await daji(
      ['doctor', '-H', 'Prefer: example=appNotActivated'],
      baseEnv(credentials(mock.url)),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ activation');
    expect(run.stdout).toContain('not activated');
    expect(run.stdout).toContain(`Ask Daji to activate app key ${APP_KEY}`);
    expect(run.stdout).toMatch(/traceId \w+/);
  });

  it('diagnoses connection refused (exit 3)', async () => {
    const port = await closedPort();
    const run = await daji(['doctor'], baseEnv(credentials(`http://127.0.0.1:${port}`)));
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`nothing accepts connections at 127.0.0.1:${port} (ECONNREFUSED)`);
    expectNoSecret(run);
  });

  it('diagnoses a name that does not resolve (exit 3)', async () => {
    const run = await daji(['doctor'], baseEnv(credentials('http://daji-doctor-test.invalid')));
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/✗ DNS\s+the name daji-doctor-test\.invalid does not resolve/);
  });

  it('diagnoses a certificate that is not trusted as a TLS problem (exit 3)', async () => {
    // A test-only self-signed certificate for 127.0.0.1, as a proxy intercepting HTTPS would present.
    const fixtures = new URL('./fixtures/', import.meta.url);
    const server = createHttpsServer(
      {
        key: readFileSync(new URL('self-signed.key', fixtures)),
        cert: readFileSync(new URL('self-signed.crt', fixtures)),
      },
      (_req, res) => res.end('{}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const run = await daji(['doctor'], baseEnv(credentials(`https://127.0.0.1:${port}`)));
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(
        /✗ TLS\s+the TLS certificate of 127\.0\.0\.1:\d+ was not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
      );
      expect(run.stdout).toContain('NODE_EXTRA_CA_CERTS');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('warns when the local clock is far from the server’s, and still exits 0', async () => {
    // A server whose clock is ten minutes ahead; it answers the signed call with a Daji envelope.
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        date: new Date(Date.now() + 10 * 60_000).toUTCString(),
      });
      res.end(
        '{"code":200,"message":"ok","data":{"categoryID":0,"children":[]},"timestamp":1,"traceId":"c1"}',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const run = await daji(['doctor'], baseEnv(credentials(`http://127.0.0.1:${port}`)));
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/✗ clock\s+(599|600|601) s behind the server's clock/);
      expect(run.stdout).toContain('enable NTP');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('names each missing credential and how to set it (exit 2), without calling anything', async () => {
    const run = await daji(['doctor'], baseEnv({ DAJI_BASE_URL: mock.url }));
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Set DAJI_APP_KEY or pass --app-key KEY.');
    expect(run.stdout).toContain('Set DAJI_APP_SECRET or pass --app-secret-file FILE');
    expect(run.stdout).toContain('Not checked: credentials are missing.');
  });

  it('--json gives one object with ok, exitCode and the findings', async () => {
    const run = await daji(['doctor', '--json'], baseEnv(credentials(mock.url)));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      exitCode: number;
      findings: Array<{ check: string; ok: boolean }>;
    };
    expect(report.ok).toBe(true);
    expect(report.exitCode).toBe(0);
    expect(report.findings.map((f) => f.check)).toEqual(
      expect.arrayContaining(['base URL', 'app key', 'app secret', 'signed call', 'server']),
    );
    expectNoSecret(run);
  });

  it('reads the secret from --app-secret-file and says where it came from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daji-doctor-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'secret');
    writeFileSync(file, `${APP_SECRET}\n`);
    const run = await daji(
      ['doctor', '--app-key', APP_KEY, '--app-secret-file', file],
      baseEnv({ DAJI_BASE_URL: mock.url }),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`set (file ${file}; never printed)`);
    expectNoSecret(run);
  });
});
