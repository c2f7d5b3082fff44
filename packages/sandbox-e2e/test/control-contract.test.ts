// Every answer of the control API — successes and refusals — follows its own OpenAPI document, the one
// the docs site renders.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { payOrder } from '@daji-openapi/retry-policies';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createOrder, type Sandbox, startSandbox } from './support/sandbox.js';

const mockServerDir = dirname(
  createRequire(import.meta.url).resolve('@daji-openapi/mock-server/package.json'),
);
const document = parse(readFileSync(join(mockServerDir, 'src/sandbox/control-api.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...document, $id: 'control.json' }, 'control.json');

function template(path: string): string {
  return path.replace(/^\/__sandbox\/orders\/\d+/, '/__sandbox/orders/{orderId}');
}

function errorsOf(method: string, path: string, status: number, body: unknown): string[] {
  const operation = document.paths[template(path)]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${path} is not in the control API document`];
  const response = operation.responses[String(status)] as { $ref?: string } | undefined;
  if (!response) return [`${method} ${path} does not document status ${status}`];
  const escaped = template(path).replaceAll('~', '~0').replaceAll('/', '~1');
  const pointer = response.$ref?.slice(1) ?? `/paths/${escaped}/${method.toLowerCase()}/responses/${status}`;
  const validate = ajv.compile({ $ref: `control.json#${pointer}/content/application~1json/schema` });
  return validate(body) ? [] : [ajv.errorsText(validate.errors)];
}

describe('control API document', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('describes every answer the control API gives', async () => {
    const client = sandbox.client();
    const seen: [string, string, number, unknown][] = [];
    const call = async (method: string, path: string, body?: unknown, appKey?: string) => {
      const answer = await sandbox.control(method, path, body, appKey);
      seen.push([method, `/__sandbox/${path}`, answer.status, answer.body]);
      return answer;
    };
    const orderId = await createOrder(client);
    await call('GET', 'orders');
    await call('GET', `orders/${orderId}`);
    await call('POST', `orders/${orderId}/ship`);
    await payOrder(client, { orderId });
    await call('POST', `orders/${orderId}/ship`, {
      logisticsCompanyName: '顺丰速运',
      logisticsCompanyNo: 'SF',
      logisticsBillNo: 'SF1234567890',
    });
    await call('GET', 'clock');
    await call('POST', 'clock/advance', { hours: 1.5 });
    await call('POST', 'clock/advance', { hours: 0 });
    await call('GET', 'ledger');
    await call('POST', 'faults', { operation: 'preparePay', kind: 'latency', ms: 10, times: 2 });
    await call('POST', 'faults', { operation: 'preparePay', kind: 'boom' });
    await call('GET', 'faults');
    await call('DELETE', 'faults');
    await call('PUT', 'push-target', { url: 'http://127.0.0.1:9/push', appSecret: 'pushSecret' });
    await call('GET', 'push-target');
    await createOrder(client);
    await call('GET', 'deliveries');
    await call('DELETE', 'push-target');
    await call('GET', 'orders', undefined, 'anotherApp');
    await call('POST', `orders/${orderId}/ship`, undefined, 'anotherApp');
    await call('POST', 'reset');

    expect(seen.map(([, , status]) => status)).toEqual(expect.arrayContaining([200, 201, 400, 409]));
    for (const [method, path, status, body] of seen) {
      expect(
        errorsOf(method, path, status, body),
        `${method} ${path} ${status} ${JSON.stringify(body)}`,
      ).toEqual([]);
    }
  });
});
