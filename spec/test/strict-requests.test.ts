// Write strictly: what we send is checked hard. Every request body and nested request object refuses
// fields it does not declare, every id a request carries has one type and a pattern (or an integer range),
// and rules over several parameters are in the schema, not only in prose.
import { describe, expect, it } from 'vitest';
import { anchored, createAjv } from './support/ajv.js';
import { isObject, type Json, type JsonObject, loadBundle, operations, resolve } from './support/spec.js';

const spec = loadBundle();
const ajv = createAjv(spec);
const schemas = (spec.components as JsonObject).schemas as JsonObject;
const paths = operations(spec).filter((o) => o.kind === 'path');

/** Names of request fields that hold an id or a code (offerId, specId, tradeID, orderIdList, districtCode …). */
const ID_NAME = /(Id|ID|Ids|IdList|Code)$/;

interface Field {
  where: string;
  name: string;
  schema: JsonObject;
}

function jsonBody(op: JsonObject): JsonObject | undefined {
  const content = (op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  const media = content?.['application/json'] ?? content?.['multipart/form-data'];
  return (media as JsonObject | undefined)?.schema as JsonObject | undefined;
}

/** Every object schema a request body holds (the body, nested objects, array items) and every field. */
function requestShapes(): { objects: Array<[string, JsonObject]>; fields: Field[] } {
  const objects: Array<[string, JsonObject]> = [];
  const fields: Field[] = [];
  const visit = (node: Json, where: string, branch = false): void => {
    const schema = resolve(spec, node);
    if (!isObject(schema)) return;
    // A oneOf branch only picks among the properties of the object around it; it is not an object itself.
    if (!branch && (schema.type === 'object' || schema.properties)) objects.push([where, schema]);
    for (const [name, sub] of Object.entries((schema.properties ?? {}) as JsonObject)) {
      fields.push({ where: `${where}.${name}`, name, schema: resolve(spec, sub as JsonObject) });
      visit(sub, `${where}.${name}`);
    }
    if (schema.items) visit(schema.items, `${where}[]`);
    for (const key of ['oneOf', 'anyOf', 'allOf'])
      for (const [i, sub] of ((schema[key] ?? []) as Json[]).entries())
        visit(sub, `${where}<${key}[${i}]>`, key !== 'allOf');
  };
  for (const { op } of paths) {
    const id = op.operationId as string;
    for (const raw of (op.parameters ?? []) as JsonObject[]) {
      const param = resolve(spec, raw);
      if (param.in !== 'query') continue;
      fields.push({
        where: `${id} query.${param.name}`,
        name: param.name as string,
        schema: resolve(spec, param.schema as JsonObject),
      });
    }
    const body = jsonBody(op);
    if (body) visit(body, `${id} body`);
  }
  return { objects, fields };
}

const { objects, fields } = requestShapes();

/** The JSON type an id field takes (an array of ids: the type of its items). */
function idType(schema: JsonObject): string {
  const target = schema.type === 'array' ? resolve(spec, schema.items as JsonObject) : schema;
  return JSON.stringify(target.type);
}

function firstExample(operationId: string): JsonObject {
  const op = paths.find((o) => o.op.operationId === operationId)?.op as JsonObject;
  const content = (op.requestBody as JsonObject).content as JsonObject;
  const examples = (content['application/json'] as JsonObject).examples as JsonObject;
  return structuredClone((Object.values(examples)[0] as JsonObject).value as JsonObject);
}

function errors(operationId: string, value: Json): JsonObject[] {
  const op = paths.find((o) => o.op.operationId === operationId)?.op as JsonObject;
  const validate = ajv.compile(anchored(jsonBody(op) as Json) as object);
  return validate(value) ? [] : ((validate.errors ?? []) as unknown as JsonObject[]);
}

const jsonOperations = paths
  .filter(({ op }) => (op.requestBody as JsonObject | undefined)?.content)
  .map(({ op }) => op.operationId as string)
  .filter((id) => id !== 'uploadImage');

describe('request bodies refuse fields they do not declare', () => {
  it('every request body and every object nested in one has additionalProperties: false', () => {
    expect(objects.length).toBeGreaterThan(10);
    const open = objects
      .filter(([, schema]) => schema.additionalProperties !== false)
      .map(([where]) => where);
    expect(open).toEqual([]);
  });

  it('request bodies are plain objects, not allOf compositions that additionalProperties cannot close', () => {
    const composed = paths
      .map(({ op }) => [op.operationId, jsonBody(op)] as const)
      .filter(([, body]) => body && 'allOf' in resolve(spec, body))
      .map(([id]) => id);
    expect(composed).toEqual([]);
  });

  it.each(jsonOperations)(
    '%s: its example passes, and a misspelt outOrderID in it is refused by name',
    (id) => {
      const example = firstExample(id);
      expect(errors(id, example)).toEqual([]);
      const found = errors(id, { ...example, outOrderID: 'T20240708002' });
      expect(found.map((e) => (e.params as JsonObject).additionalProperty)).toContain('outOrderID');
    },
  );

  it('unknown fields inside the address, the order lines and the freight lines are refused too', () => {
    const order = firstExample('createOrder');
    const badAddress = { ...order, addressParam: { ...(order.addressParam as JsonObject), colour: 'red' } };
    expect(errors('createOrder', badAddress).map((e) => e.instancePath)).toContain('/addressParam');
    const lines = order.cargoParamList as JsonObject[];
    const badLine = { ...order, cargoParamList: [{ ...lines[0], skuID: '5012345678901' }] };
    expect(errors('createOrder', badLine).map((e) => e.instancePath)).toContain('/cargoParamList/0');
    const freight = firstExample('estimateFreight');
    const models = freight.logisticsSkuNumModels as JsonObject[];
    const badModel = { ...freight, logisticsSkuNumModels: [{ ...models[0], count: 5 }] };
    expect(errors('estimateFreight', badModel).map((e) => e.instancePath)).toContain(
      '/logisticsSkuNumModels/0',
    );
  });
});

describe('ids in requests', () => {
  it('every id or code a request carries is a string with a pattern, or an int64 integer with a range', () => {
    const ids = fields.filter((f) => ID_NAME.test(f.name));
    expect(ids.length).toBeGreaterThan(20);
    const loose: string[] = [];
    for (const { where, schema } of ids) {
      const target = schema.type === 'array' ? resolve(spec, schema.items as JsonObject) : schema;
      if (target.type === 'string' && typeof target.pattern === 'string') continue;
      if (target.type === 'integer' && target.format === 'int64' && typeof target.minimum === 'number')
        continue;
      loose.push(`${where}: ${JSON.stringify(target)}`);
    }
    expect(loose).toEqual([]);
  });

  it('each id has one type in every request that carries it (categoryId and categoryID are one id)', () => {
    const types = new Map<string, Set<string>>();
    for (const { name, schema } of fields.filter((f) => ID_NAME.test(f.name))) {
      const key = name.toLowerCase();
      types.set(key, (types.get(key) ?? new Set()).add(idType(schema)));
    }
    const mixed = [...types].filter(([, set]) => set.size > 1).map(([name, set]) => `${name}: ${[...set]}`);
    expect(mixed).toEqual([]);
    expect([...(types.get('offerid') ?? [])]).toEqual(['"integer"']);
    expect([...(types.get('categoryid') ?? [])]).toEqual(['"integer"']);
    expect([...(types.get('skuid') ?? [])]).toEqual(['"string"']);
    expect([...(types.get('specid') ?? [])]).toEqual(['"string"']);
    expect([...(types.get('orderid') ?? [])]).toEqual(['"string"']);
  });

  it('refuses createOrder with offerId "oops" or specId "zzz", and estimateFreight with offerId "not-an-id"', () => {
    const order = firstExample('createOrder');
    const line = (order.cargoParamList as JsonObject[])[0] as JsonObject;
    const withLine = (patch: JsonObject) => ({ ...order, cargoParamList: [{ ...line, ...patch }] });
    expect(errors('createOrder', withLine({ offerId: 'oops' })).map((e) => e.instancePath)).toContain(
      '/cargoParamList/0/offerId',
    );
    expect(errors('createOrder', withLine({ specId: 'zzz' })).map((e) => e.instancePath)).toContain(
      '/cargoParamList/0/specId',
    );
    expect(errors('createOrder', withLine({ offerId: '670291644950' })).length).toBeGreaterThan(0);
    const freight = firstExample('estimateFreight');
    expect(
      errors('estimateFreight', { ...freight, offerId: 'not-an-id' }).map((e) => e.instancePath),
    ).toContain('/offerId');
    expect(
      errors('estimateFreight', { ...freight, toCountryCode: '3301' }).map((e) => e.instancePath),
    ).toContain('/toCountryCode');
  });
});

describe('rules over several parameters', () => {
  const imageSearch = paths.find((o) => o.op.operationId === 'imageSearch')?.op as JsonObject;
  const rule = imageSearch['x-daji-query-schema'] as JsonObject;

  it('imageSearch needs imageId or imageAddress (or both: Daji then uses imageId)', () => {
    const validate = ajv.compile({ type: 'object', ...rule });
    const url = 'https://cbu01.alicdn.com/img/ibank/x.jpg';
    expect(validate({ beginPage: 1 })).toBe(false);
    expect(validate({ imageId: '1723633532159012345' })).toBe(true);
    expect(validate({ imageAddress: url })).toBe(true);
    expect(validate({ imageId: '1723633532159012345', imageAddress: url })).toBe(true);
  });

  it('every x-daji-query-schema names only query parameters its operation declares', () => {
    for (const { op } of paths) {
      const schema = op['x-daji-query-schema'] as JsonObject | undefined;
      if (!schema) continue;
      const declared = new Set(
        ((op.parameters ?? []) as JsonObject[]).map((p) => resolve(spec, p)).map((p) => p.name),
      );
      const named = JSON.stringify(schema).match(/"required":\[[^\]]*\]/g) ?? [];
      expect(named.length, op.operationId as string).toBeGreaterThan(0);
      for (const list of named)
        for (const name of JSON.parse(`{${list}}`).required as string[])
          expect(declared.has(name), `${op.operationId}: ${name}`).toBe(true);
    }
  });

  it('cancelling refuses a body that names the order both ways', () => {
    const example = firstExample('cancelOrder');
    expect(errors('cancelOrder', example)).toEqual([]);
    expect(errors('cancelOrder', { ...example, tradeID: example.orderId as Json }).length).toBeGreaterThan(0);
  });
});

describe('component names', () => {
  // What hey-api, orval and openapi-generator name their own types after each operation.
  const SUFFIXES = ['Response', 'Responses', 'Request', 'Data', 'Error', 'Errors', 'Body', 'Params'];

  it("no schema is named like a generator's own <Operation>Response, <Operation>Request …", () => {
    const taken: string[] = [];
    for (const { op } of paths) {
      const id = op.operationId as string;
      const base = id[0]?.toUpperCase() + id.slice(1);
      for (const suffix of SUFFIXES) if (`${base}${suffix}` in schemas) taken.push(`${base}${suffix}`);
    }
    expect(taken).toEqual([]);
  });
});
