import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyDajiMessage,
  createMessageHandler,
  isKnownMessage,
  toNodeListener,
} from '../../src/messages.js';
import { APP_SECRET } from './helpers.js';

// The mock server's own launcher, as users run it (`daji-mock push …`); it needs the package built.
const cli = join(
  dirname(createRequire(import.meta.url).resolve('@daji-openapi/mock-server/package.json')),
  'bin',
  'daji-mock.js',
);

function daji(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // A secret in the developer's environment must not stand in for a missing flag here.
    const env = { ...process.env };
    delete env.DAJI_APP_SECRET;
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: Server;
let url: string;
const received: AnyDajiMessage[] = [];

beforeAll(async () => {
  const handle = createMessageHandler({ appSecret: APP_SECRET, onMessage: (m) => void received.push(m) });
  server = createServer(toNodeListener(handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/daji/messages`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('daji-mock push against a real receiver', () => {
  it('delivers a signed ORDER_BUYER_VIEW_ORDER_PAY with the given order id, exactly', async () => {
    const before = received.length;
    const run = await daji([
      'push',
      '--to',
      url,
      '--type',
      'ORDER_BUYER_VIEW_ORDER_PAY',
      '--order-id',
      '2237938826932135493',
      '--msg-id',
      '92705609299',
      '--app-secret',
      APP_SECRET,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/daji\/messages {2}ORDER_BUYER_VIEW_ORDER_PAY {2}msgId 92705609299\n200 OK\nOK\n$/,
    );
    const message = received[before] as AnyDajiMessage;
    expect(received).toHaveLength(before + 1);
    expect(isKnownMessage(message)).toBe(true);
    if (!isKnownMessage(message) || message.type !== 'ORDER_BUYER_VIEW_ORDER_PAY')
      throw new Error('wrong topic');
    expect(message.msgId).toBe('92705609299');
    expect(message.data.orderId).toBe('2237938826932135493');
    expect(message.data.currentStatus).toBe('waitsellersend');
  });

  it('puts the order id into a logistics message and sends JSON when asked', async () => {
    const before = received.length;
    const run = await daji([
      'push',
      '--to',
      url,
      '--type',
      'LOGISTICS_BUYER_VIEW_TRACE',
      '--order-id',
      '9237938826932135499',
      '--app-secret',
      APP_SECRET,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const message = received[before];
    if (!message || !isKnownMessage(message) || message.type !== 'LOGISTICS_BUYER_VIEW_TRACE') {
      throw new Error(`expected a logistics message, got ${JSON.stringify(message)}`);
    }
    expect(message.data.OrderLogisticsTracingModel.orderLogsItems?.[0]?.orderId).toBe('9237938826932135499');
    expect(message.bizKey).toBe('9237938826932135499');
  });

  it('exits 1 and prints the 401 when the secrets differ, never printing the secret', async () => {
    const before = received.length;
    const secret = 'not-the-receivers-secret';
    const run = await daji(['push', '--to', url, '--type', 'ORDER_BATCH_PAY', '--app-secret', secret]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\n401 Unauthorized\nSignature "_dj_signature" does not match the message\.\n$/,
    );
    expect(run.stdout + run.stderr).not.toContain(secret);
    expect(received).toHaveLength(before);
  });

  it('lists the valid topics for an unknown --type', async () => {
    const run = await daji(['push', '--to', url, '--type', 'ORDER_PAID', '--app-secret', APP_SECRET]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown --type "ORDER_PAID"; the spec has these topics:/);
    expect(run.stderr).toContain('  ORDER_BUYER_VIEW_ORDER_PAY\n');
    expect(run.stderr).toContain('  LOGISTICS_MAIL_NO_CHANGE\n');
  });

  it.each([
    [['--type', 'ORDER_BATCH_PAY', '--app-secret', 's'], /--to is required/],
    [
      ['--to', 'not a url', '--type', 'ORDER_BATCH_PAY', '--app-secret', 's'],
      /--to "not a url" is not a URL/,
    ],
    [
      ['--to', 'ftp://127.0.0.1/', '--type', 'ORDER_BATCH_PAY', '--app-secret', 's'],
      /--to must be an http or https URL/,
    ],
    [['--to', 'http://127.0.0.1:9/', '--type', 'ORDER_BATCH_PAY'], /--app-secret is required/],
    [
      ['--to', 'http://127.0.0.1:9/', '--type', 'ORDER_BATCH_PAY', '--app-secret', 's', '--order-id', '12a'],
      /--order-id must be 1-20 digits, got "12a"/,
    ],
    [['--to', 'http://127.0.0.1:9/', '--typ', 'ORDER_BATCH_PAY'], /Unknown option '--typ'/],
  ])('rejects bad flags with a clear message: %j', async (args, reason) => {
    const run = await daji(['push', ...args]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout).toBe('');
  });
});
