import type { MockServer } from '@daji-openapi/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, credentials, daji, expectNoSecret } from './support/daji.js';
import { startMock } from './support/mock.js';

let mock: MockServer;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  mock = await startMock();
  env = baseEnv(credentials(mock.url));
});
afterAll(() => mock?.close());

describe('daji pay', () => {
  it('prints the attempt and the outcome, exit 0 when paid', async () => {
    const run = await daji(['pay', '2257164624870311973'], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^attempt 1: preparePay → paid {2}traceId \w+/);
    expect(lines.at(-1)).toMatch(
      /^outcome: paid \(pay-succeeded\): order 2257164624870311973, 1 preparePay call/,
    );
    expectNoSecret(run);
  });

  it('checks the order after a failed attempt and exits 3 when the outcome is unknown', async () => {
    // The mock answers preparePay with a declined debit, and has no such example for the order read.
    const run = await daji(
      ['pay', '2257164624870311973', '--max-retries', '1', '-H', 'Prefer: example=debitFailed'],
      env,
    );
    expect(run.code).toBe(3);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^attempt 1: preparePay → pay-declined; order check, then retry in \d+ ms {2}code PAY_FAILED/,
    );
    expect(lines[1]).toMatch(/^check 1: getOrderDetail → DajiHttpError/);
    expect(run.stdout).toMatch(/outcome: unknown \(order-check-failed\)/);
    expect(run.stdout).toMatch(/traceIds: \w+/);
  });

  it('--json prints one event per line, the outcome last', async () => {
    const run = await daji(['pay', '2257164624870311973', '--json'], env);
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; status?: string; orderId?: string });
    expect(events.map((e) => e.event)).toEqual(['attempt', 'outcome']);
    expect(events[1]).toMatchObject({ status: 'paid', orderId: '2257164624870311973' });
  });

  it('refuses an order id that is not digits, and a retry count above 3 (exit 2), sending nothing', async () => {
    const bad = await daji(['pay', '2.257164624870312e18'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a 1688 order id');
    const many = await daji(['pay', '2257164624870311973', '--max-retries', '9'], env);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('--max-retries must be a whole number from 0 to 3');
  });

  it('never exits 0 when the app is not activated: the order cannot be read, so the outcome is unknown', async () => {
    const run = await daji(['pay', '2257164624870311973', '-H', 'Prefer: example=appNotActivated'], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /^attempt 1: preparePay → envelope-code; order check, then retry in \d+ ms {2}code 500/,
    );
    expect(run.stdout).toMatch(
      /check 1: getOrderDetail → DajiBusinessError: Daji refused getOrderDetail \(code 500\)/,
    );
    expect(run.stdout).toMatch(
      /outcome: unknown \(order-check-failed\): order 2257164624870311973, 1 preparePay call, 1 order check/,
    );
  });
});
