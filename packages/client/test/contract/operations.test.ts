import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, inject, it } from 'vitest';
import {
  createDajiClient,
  type DajiEnvelope,
  DajiHttpError,
  type DajiResult,
  type OperationId,
  routes,
} from '../../src/index.js';
import { MOCK_APP_KEY, MOCK_APP_SECRET } from './global-setup.js';

type Json = Record<string, unknown>;
const spec = JSON.parse(
  readFileSync(new URL('../../../../spec/dist/openapi.json', import.meta.url), 'utf8'),
) as Json;
const CREDENTIALS = new Set(['appKey', 'sign', 'appSecret']);

function resolve(node: unknown): Json {
  let current = node as Json;
  while (current && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec) as Json;
  }
  return current;
}

interface SpecOperation {
  operationId: OperationId;
  method: 'get' | 'post';
  path: string;
  pointer: string;
  op: Json;
}

const operations: SpecOperation[] = Object.entries(spec.paths as Record<string, Json>).flatMap(
  ([path, item]) =>
    (['get', 'post'] as const)
      .filter((method) => item[method])
      .map((method) => {
        const op = item[method] as Json;
        const pointer = `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;
        return { operationId: op.operationId as OperationId, method, path, pointer, op };
      }),
);

/** Search by picture needs one of imageId/imageAddress, which the spec leaves both optional. */
const EXTRA_QUERY: Partial<Record<OperationId, Json>> = { imageSearch: { imageId: '1723633532159012345' } };

/** A valid input from the spec's own examples, without the credentials the client adds. */
function validInput(operation: SpecOperation): { query?: Json; body?: Json } {
  const parameters = ((operation.op.parameters as unknown[]) ?? []).map(resolve);
  const query: Json = { ...EXTRA_QUERY[operation.operationId] };
  for (const p of parameters) {
    if (p.in === 'query' && p.required && !CREDENTIALS.has(p.name as string)) {
      query[p.name as string] = p.example ?? (p.schema as Json | undefined)?.example;
    }
  }
  if (!operation.op.requestBody) return { query };
  const content = resolve(operation.op.requestBody).content as Record<string, Json>;
  const media = Object.values(content)[0]!;
  const example = resolve(Object.values(media.examples as Record<string, unknown>)[0]).value as Json;
  const body = Object.fromEntries(Object.entries(example).filter(([key]) => !CREDENTIALS.has(key)));
  return { body };
}

function requiredFields(operation: SpecOperation, input: { query?: Json; body?: Json }): string[] {
  if (input.body) {
    const media = Object.values(resolve(operation.op.requestBody).content as Record<string, Json>)[0]!;
    const collect = (schema: Json): string[] => [
      ...((schema.required as string[]) ?? []),
      ...((schema.allOf as unknown[]) ?? []).flatMap((part) => collect(resolve(part))),
    ];
    return collect(resolve(media.schema)).filter((name) => !CREDENTIALS.has(name));
  }
  return ((operation.op.parameters as unknown[]) ?? [])
    .map(resolve)
    .filter((p) => p.in === 'query' && p.required && !CREDENTIALS.has(p.name as string))
    .map((p) => p.name as string);
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, 'daji');

function responseValidator(operation: SpecOperation) {
  return ajv.compile({ $ref: `daji${operation.pointer}/responses/200/content/application~1json/schema` });
}

function client(options: { appSecret?: string; clientChecks?: boolean } = {}) {
  return createDajiClient({
    appKey: MOCK_APP_KEY,
    appSecret: options.appSecret ?? MOCK_APP_SECRET,
    baseUrl: inject('mockUrl'),
    clientChecks: options.clientChecks ?? true,
  });
}

function call(
  daji: ReturnType<typeof client>,
  operation: SpecOperation,
  input: { query?: Json; body?: Json },
): Promise<DajiResult<DajiEnvelope>> {
  const init = { params: { query: input.query }, body: input.body } as never;
  return operation.method === 'get'
    ? daji.GET(operation.path as never, init)
    : daji.POST(operation.path as never, init);
}

describe('contract: every operation in the spec, through the client, against the mock server', () => {
  it('covers exactly the operations of the spec (none forgotten, none stale)', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(routes).sort());
    expect(operations.length).toBeGreaterThanOrEqual(16);
  });

  describe.each(operations.map((o) => [o.operationId, o] as const))('%s', (_, operation) => {
    it('a valid call succeeds and its answer matches the response schema', async () => {
      const result = await call(client(), operation, validInput(operation));
      expect(result.error, result.error?.message).toBeUndefined();
      expect(result.response.status).toBe(200);
      expect(result.data?.code).toBe(200);
      const validate = responseValidator(operation);
      expect(validate(result.data), ajv.errorsText(validate.errors)).toBe(true);
    });

    it('a call missing a required field (or breaking a limit) gets a typed DajiHttpError', async () => {
      const input = validInput(operation);
      let [missing] = requiredFields(operation, input);
      let broken: { query?: Json; body?: Json };
      if (missing === undefined) {
        // Every filter of the order list is optional: break a limit instead.
        expect(operation.operationId, 'only the order list has no required business field').toBe(
          'listBuyerOrders',
        );
        missing = 'page';
        broken = { body: { ...(input.body as Record<string, Json>), page: 0 } };
      } else {
        broken = input.body
          ? { body: Object.fromEntries(Object.entries(input.body).filter(([key]) => key !== missing)) }
          : {
              query: Object.fromEntries(Object.entries(input.query ?? {}).filter(([key]) => key !== missing)),
            };
      }
      const { data, error } = await call(client({ clientChecks: false }), operation, broken);
      expect(data).toBeUndefined();
      expect(error).toBeInstanceOf(DajiHttpError);
      expect(error).toMatchObject({ operationId: operation.operationId });
      // The mock (Prism) lower-cases query names in its messages.
      expect(error?.message.toLowerCase()).toContain(missing!.toLowerCase());
      expect(error?.httpStatus).toBeGreaterThanOrEqual(400);
      expect(error?.httpStatus).toBeLessThan(500);
    });
  });

  it('a wrong secret is refused by the signature check with a DajiHttpError 400 that names no secret', async () => {
    const keyword = operations.find((o) => o.operationId === 'keywordSearch')!;
    const { error } = await call(client({ appSecret: 'wrong-secret' }), keyword, validInput(keyword));
    expect(error).toBeInstanceOf(DajiHttpError);
    expect(error?.httpStatus).toBe(400);
    expect(JSON.stringify({ message: error?.message, body: (error as DajiHttpError).body })).not.toContain(
      'wrong-secret',
    );
  });
});
