// `--state FILE`: saved atomically after every change, restored on start; a corrupt or foreign file is
// refused with a clear error and left as it was.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateFileError, startMockServer } from '../../src/index.js';
import { StateWriter } from '../../src/sandbox/persistence.js';
import { tempDir } from '../support/temp-dir.js';
import { startSandbox } from './support.js';

const SPEC = 'b6f1d2c3a4e5f60718293a4b5c6d7e8f';

describe('state file', () => {
  it('restores orders, ledger, clock and faults after a restart', async () => {
    const dir = tempDir('daji-state-');
    const stateFile = join(dir, 'sandbox.json');
    const first = await startSandbox({ sandbox: { stateFile } });
    const { orderId } = await first.createOrder('670291644950', SPEC, 2);
    await first.daji('post', '/alibaba/trade/pay/protocolPay/preparePay', { orderId });
    await first.control('POST', 'clock/advance', { hours: 3 });
    await first.control('POST', 'faults', { operation: 'getOrderDetail', kind: 'http-500', times: 2 });
    const before = await Promise.all(['orders', 'ledger', 'faults'].map((p) => first.control('GET', p)));
    await first.mock.close();
    expect(readdirSync(dir)).toEqual(['sandbox.json']);

    const second = await startSandbox({ sandbox: { stateFile } });
    try {
      const after = await Promise.all(['orders', 'ledger', 'faults'].map((p) => second.control('GET', p)));
      expect(after).toEqual(before);
      expect((await second.control('GET', 'clock')).body.offsetHours).toBe(3);
      // The restored order keeps moving: 45 more hours make 48 since payment, so it ships.
      await second.control('POST', 'clock/advance', { hours: 45 });
      expect((await second.control('GET', `orders/${orderId}`)).body.order).toMatchObject({
        status: 'waitbuyerreceive',
      });
      // New orders do not reuse restored ids.
      const next = await second.createOrder('670291644950', SPEC, 2);
      expect(next.orderId).not.toBe(orderId);
    } finally {
      await second.mock.close();
    }
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).tenants[0].orders).toHaveLength(2);
  });

  it.each([
    ['not JSON', '{"format": "daji-openapi/sandbox-state", "vers', /not a sandbox state file/],
    [
      'another program’s JSON',
      '{"name":"my-app","version":"1.0.0"}',
      /not a sandbox state file \(expected "format": "daji-openapi\/sandbox-state"\)/,
    ],
    [
      'a newer version',
      '{"format":"daji-openapi/sandbox-state","version":99,"tenants":[]}',
      /state version 99 is not supported/,
    ],
    [
      'a broken order',
      '{"format":"daji-openapi/sandbox-state","version":1,"tenants":[{"appKey":"k","clockOffsetMs":0,"orderSeq":1,"msgSeq":0,"faultSeq":0,"orders":[{"orderId":"12"}],"debits":[]}]}',
      /tenants\[0\]\.orders\[0\] is not a saved order/,
    ],
  ])('refuses %s and leaves the file untouched', async (_name, content, message) => {
    const stateFile = join(tempDir('daji-state-'), 'state.json');
    writeFileSync(stateFile, content);
    const start = startMockServer({ port: 0, mode: 'sandbox', sandbox: { stateFile } });
    await expect(start).rejects.toThrow(StateFileError);
    await expect(start).rejects.toThrow(message);
    await expect(start).rejects.toThrow(/left untouched/);
    expect(readFileSync(stateFile, 'utf8')).toBe(content);
  });

  it('never writes the app secret into the state file', async () => {
    const stateFile = join(tempDir('daji-state-'), 'state.json');
    const sandbox = await startSandbox({ sandbox: { stateFile } });
    await sandbox.control('PUT', 'push-target', {
      url: 'http://127.0.0.1:9/push',
      appSecret: 'verySecretValue',
    });
    await sandbox.mock.close();
    const text = readFileSync(stateFile, 'utf8');
    expect(text).toContain('http://127.0.0.1:9/push');
    expect(text).not.toContain('verySecretValue');
  });
});

describe('StateWriter when the state file cannot be replaced', () => {
  it('reports the error and leaves no temporary file beside the target', async () => {
    const dir = tempDir('daji-state-writer-');
    const target = join(dir, 'state.json');
    mkdirSync(target); // a directory where the file should go: the rename fails
    const errors: Error[] = [];
    const writer = new StateWriter(
      target,
      () => '{"version":1}',
      (error) => errors.push(error),
    );
    writer.changed();
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });
});
