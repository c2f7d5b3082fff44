// Every HTTP status the mock can answer with is one the spec declares for that operation: clients written
// against the spec never meet a status (such as Prism's 422) that Daji does not send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';
import { app, exampleParams, send, sendExample, signed } from './support/requests.js';
import { type JsonObject, operations, spec } from './support/spec.js';

const all = operations();
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, verifySignature: app });
});
afterAll(() => mock.close());

function declared(operationId: string): string[] {
  for (const item of Object.values(spec.paths as JsonObject)) {
    for (const op of Object.values(item as JsonObject)) {
      const o = op as JsonObject;
      if (o.operationId === operationId) return Object.keys(o.responses as JsonObject);
    }
  }
  throw new Error(`no operation ${operationId}`);
}

describe('statuses the mock sends', () => {
  it.each(all.map((o) => [o.operationId, o] as const))(
    '%s: valid, broken, badly signed, unknown-path, wrong-method, wrong-type, two-type and forced answers all use declared statuses',
    async (_id, operation) => {
      const params = exampleParams(operation);
      const sent: Array<[string, number]> = [];
      const record = async (what: string, response: Promise<Response>) => {
        const r = await response;
        await r.arrayBuffer();
        sent.push([what, r.status]);
      };
      await record('valid', sendExample(mock.url, operation, signed(params)));
      await record('broken', sendExample(mock.url, operation, signed({ ...params, pageSize: -1, page: 0 })));
      await record('bad sign', sendExample(mock.url, operation, { ...signed(params), sign: '0'.repeat(32) }));
      await record('unknown path', send(mock.url, operation.method, `${operation.path}Nope`, signed(params)));
      const other = operation.method === 'get' ? 'post' : 'get';
      await record('wrong method', send(mock.url, other, operation.path, signed(params)));
      if (operation.method === 'post') {
        await record('wrong type', send(mock.url, 'post', operation.path, signed(params), 'text/plain'));
        await record(
          'two types',
          send(mock.url, 'post', operation.path, signed(params), 'application/json, text/plain'),
        );
      }
      for (const code of ['429', '500']) {
        await record(
          `forced ${code}`,
          send(mock.url, operation.method, operation.path, signed(params), operation.body?.mediaType, {
            prefer: `code=${code}`,
          }),
        );
      }
      expect(sent.find(([what]) => what === 'valid')?.[1]).toBe(200);
      expect(sent.find(([what]) => what === 'bad sign')?.[1]).toBe(400);
      const allowed = declared(operation.operationId);
      const undeclared = sent.filter(([, status]) => !allowed.includes(String(status)));
      expect(undeclared, `declared: ${allowed.join(', ')}`).toEqual([]);
    },
  );
});
