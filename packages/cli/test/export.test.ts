import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockServer } from '@daji-openapi/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  baseEnv,
  closedPort,
  credentials,
  daji,
  expectNoSecret,
  startDaji,
  waitFor,
} from './support/daji.js';
import { startMock } from './support/mock.js';

interface Line {
  keyword: string;
  pageSize: number;
  page: number;
  index: number;
  product: { offerId: string | number };
  detail?: unknown;
}

let mock: MockServer;
let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), 'daji-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  mock = await startMock();
  env = baseEnv(credentials(mock.url));
});
afterAll(() => mock?.close());

/** Every line of an export file, each checked to be complete JSON. */
function readLines(file: string): Line[] {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

describe('daji export keyword', () => {
  it('writes one JSON line per product of each page, with counters on stderr when it is not a terminal', async () => {
    const run = await daji(['export', 'keyword', '连衣裙', '--pages', '3', '--page-size', '5'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    // The mock answers every page with its example: two products.
    expect(lines.map((l) => [l.page, l.index])).toEqual([
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
      [3, 0],
      [3, 1],
    ]);
    expect(lines[0]!.product.offerId).toBeTruthy();
    expect(lines[0]).toMatchObject({ keyword: '连衣裙', pageSize: 5 });
    expect(run.stderr).toContain('page 3/3: 6 products');
    expect(run.stderr).toMatch(
      /6 products from 3 pages written to standard output in [\d.]+ s \(\d+ products\/s, \d+ pages\/s\)/,
    );
    expectNoSecret(run);
  });

  it('draws a progress bar on stderr when it is a terminal', async () => {
    // util-linux `script` runs daji under a pseudo-terminal, as a user's shell would.
    const file = join(dir, 'tty.jsonl');
    const { execFile } = await import('node:child_process');
    const command = `'${process.execPath}' '${BIN}' export keyword x --pages 5 -o '${file}'`;
    const output = await new Promise<string>((resolve, reject) =>
      execFile('script', ['-qec', command, '/dev/null'], { env }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    expect(output).toContain('export |');
    expect(output).toMatch(/\| page 5\/5 · 10 products/);
    expect(readLines(file)).toHaveLength(10);
  });

  it('--details adds each product’s detail to its line', async () => {
    const run = await daji(['export', 'keyword', '连衣裙', '--details', '--concurrency', '2'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(2);
    // The mock answers every detail call with its one example product.
    for (const line of lines) expect(line.detail).toEqual(expect.objectContaining({ offerId: 670291644950 }));
  });

  it('stops cleanly on Ctrl-C and --resume finishes without a duplicate or truncated line', async () => {
    const file = join(dir, 'interrupted.jsonl');
    const args = ['export', 'keyword', '连衣裙', '--all', '--details', '--concurrency', '2', '-o', file];
    const first = startDaji(args, env);
    first.stdin!.end();
    await waitFor(
      () => {
        try {
          return readFileSync(file, 'utf8').split('\n').length > 20;
        } catch {
          return false;
        }
      },
      60_000,
      'the first lines of the export',
    );
    first.kill('SIGINT');
    const stopped = await first.exited;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('interrupted; every line written is complete');
    const before = readLines(file);
    expect(before.length).toBeGreaterThan(10);
    expect(before.length).toBeLessThan(200);

    // A process killed hard mid-write leaves half a line; --resume removes it and writes that product again.
    appendFileSync(file, '{"keyword":"连衣裙","pageSize":20,"page":77,"index":0,"product":{"offerId":"1');
    const resumed = await daji([...args, '--resume'], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming after page \d+, product \d+/);

    const lines = readLines(file);
    // 100 pages of 2 products: each exactly once, in order.
    expect(lines.map((l) => `${l.page}/${l.index}`)).toEqual(
      Array.from({ length: 200 }, (_, i) => `${Math.floor(i / 2) + 1}/${i % 2}`),
    );
    for (const line of lines) expect(line.detail).toBeTruthy();
  });

  it('--resume of a finished export writes nothing more', async () => {
    const file = join(dir, 'finished.jsonl');
    const args = ['export', 'keyword', '连衣裙', '--pages', '2', '-o', file];
    expect((await daji(args, env)).code).toBe(0);
    const again = await daji([...args, '--resume'], env);
    expect(again.code).toBe(0);
    expect(readLines(file)).toHaveLength(4);
  });

  it('refuses to resume into a file that is not a daji export, leaving it untouched (exit 2)', async () => {
    const file = join(dir, 'foreign.jsonl');
    writeFileSync(file, '{"hello":"world"}\n');
    const run = await daji(['export', 'keyword', 'x', '-o', file, '--resume'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a line of daji export');
    expect(readFileSync(file, 'utf8')).toBe('{"hello":"world"}\n');
    // Even with a half line at its end, a foreign file is not cut.
    writeFileSync(file, '{"hello":"world"}\n{"half');
    expect((await daji(['export', 'keyword', 'x', '-o', file, '--resume'], env)).code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('{"hello":"world"}\n{"half');
  });

  it('refuses to resume an export of another keyword or page size (exit 2)', async () => {
    const file = join(dir, 'other.jsonl');
    expect((await daji(['export', 'keyword', '连衣裙', '-o', file], env)).code).toBe(0);
    const keyword = await daji(['export', 'keyword', '手机', '-o', file, '--resume'], env);
    expect(keyword.code).toBe(2);
    expect(keyword.stderr).toContain('holds an export of keyword "连衣裙" with --page-size 20');
    const size = await daji(
      ['export', 'keyword', '连衣裙', '--page-size', '50', '-o', file, '--resume'],
      env,
    );
    expect(size.code).toBe(2);
    expect(readLines(file)).toHaveLength(2);
  });

  it('--resume needs --output (exit 2)', async () => {
    const run = await daji(['export', 'keyword', 'x', '--resume'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--resume needs --output FILE');
  });

  it('exits 3 when a page cannot be fetched, saying the lines written are complete', async () => {
    const port = await closedPort();
    const file = join(dir, 'refused.jsonl');
    const run = await daji(
      ['export', 'keyword', 'x', '-o', file],
      baseEnv(credentials(`http://127.0.0.1:${port}`)),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('DajiNetworkError');
    expect(run.stderr).toContain('run the same command with --resume to continue');
    expectNoSecret(run);
  });

  it('exits 1 when Daji refuses the search', async () => {
    const run = await daji(['export', 'keyword', 'x', '-H', 'Prefer: example=appNotActivated'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('DajiBusinessError');
  });
});
