// Open response enums: `x-daji-known-values` lists the values Daji or 1688 document for a response field. The
// client's types offer them as literals, but validation must still accept any other string — Daji and 1688
// add states without notice, and a tolerant reader passes them through.
import { describe, expect, it } from 'vitest';
import { anchored, closed, createAjv } from './support/ajv.js';
import { type Json, type JsonObject, loadBundle, pointer, walk } from './support/spec.js';

const spec = loadBundle();
const ajv = createAjv(spec);
const schemas = (spec.components as JsonObject).schemas as JsonObject;

const UNKNOWN = 'a-value-daji-adds-later';

interface Site {
  path: string;
  node: JsonObject;
}

const sites: Site[] = [];
walk(spec, (node, path) => {
  if ('x-daji-known-values' in node) sites.push({ path, node });
});

/** Names of the component schemas reachable from `roots` through `$ref`s. */
function reachable(roots: Json[]): Set<string> {
  const seen = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (seen.has(name)) return;
      seen.add(name);
      visit(pointer(spec, ref));
      return;
    }
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      visit(pointer(spec, ref));
      return;
    }
    for (const [key, value] of Object.entries(node))
      if (key !== 'examples' && key !== 'example') visit(value);
  };
  visit(roots);
  return seen;
}

const requestRoots: Json[] = [];
const responseRoots: Json[] = [];
for (const item of Object.values((spec.paths ?? {}) as JsonObject)) {
  for (const [method, op] of Object.entries(item as JsonObject)) {
    if (method === 'parameters') {
      requestRoots.push(op);
      continue;
    }
    const o = op as JsonObject;
    if (o.parameters) requestRoots.push(o.parameters);
    if (o.requestBody) requestRoots.push(o.requestBody);
    if (o.responses) responseRoots.push(o.responses);
  }
}
// A push is an answer Daji sends us: its body is read, never written, by a client.
responseRoots.push((spec.webhooks ?? {}) as Json);
const requestSide = reachable(requestRoots);
const responseSide = reachable(responseRoots);

function errorsOf(schema: Json, value: Json): string {
  const validate = ajv.compile(anchored(schema) as object);
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n  ' });
}

function validates(schema: Json, value: Json): boolean {
  return errorsOf(schema, value) === '';
}

describe('x-daji-known-values (open response enums)', () => {
  it('is used on the response fields whose values are documented', () => {
    expect(sites.length).toBeGreaterThanOrEqual(10);
    const orderStatus = ((schemas.OrderBaseInfo as JsonObject).properties as JsonObject).status as JsonObject;
    expect(orderStatus['x-daji-known-values']).toEqual(
      expect.arrayContaining(['waitbuyerpay', 'waitsellersend', 'success', 'cancel']),
    );
  });

  it.each(sites.map((s) => [s.path, s] as const))(
    '%s is a non-empty list of distinct strings on an open string schema',
    (_path, { node }) => {
      const known = node['x-daji-known-values'] as Json[];
      expect(Array.isArray(known)).toBe(true);
      expect(known.length).toBeGreaterThan(0);
      for (const value of known) expect(typeof value).toBe('string');
      expect(new Set(known).size).toBe(known.length);
      const types = ([] as Json[]).concat(node.type ?? []);
      expect(types).toContain('string');
      expect(types.every((t) => t === 'string' || t === 'null')).toBe(true);
      // The validation stays open: no enum, const, pattern or oneOf narrows it.
      for (const keyword of ['enum', 'const', 'pattern', 'oneOf', 'anyOf', 'not'])
        expect(node).not.toHaveProperty(keyword);
    },
  );

  it.each(sites.map((s) => [s.path, s] as const))(
    '%s sits in a schema only responses or pushes use',
    (path) => {
      const match = /^#\/components\/schemas\/([^/]+)\//.exec(path);
      expect(match, 'known values live in a component schema').not.toBeNull();
      const name = (match as RegExpExecArray)[1] as string;
      expect(responseSide.has(name)).toBe(true);
      expect(requestSide.has(name)).toBe(false);
    },
  );

  it.each(sites.map((s) => [s.path, s] as const))(
    '%s accepts every known value and an unknown one',
    (_path, { node }) => {
      for (const value of node['x-daji-known-values'] as string[]) expect(validates(node, value)).toBe(true);
      expect(validates(node, UNKNOWN)).toBe(true);
      expect(validates(node, 42)).toBe(false);
      const nullable = ([] as Json[]).concat(node.type ?? []).includes('null');
      expect(validates(node, null)).toBe(nullable);
    },
  );

  it('an order detail whose statuses are all unknown validates against the closed OrderDetail schema', () => {
    const detail: JsonObject = {
      baseInfo: {
        idOfStr: '2237938826932135493',
        status: 'waitbuyerconfirmsomethingnew',
        refundStatus: 'refundpending_new',
        closeReason: 'riskControl',
      },
      productItems: [{ refundStatus: 'WAIT_ARBITRATION', name: 'T-shirt' }],
    };
    expect(errorsOf(closed(spec, schemas.OrderDetail as Json), detail)).toBe('');
    // The same check does reject a wrong type, so it is not vacuous.
    const wrong = { baseInfo: { ...(detail.baseInfo as JsonObject), status: 7 } };
    expect(validates(closed(spec, schemas.OrderDetail as Json), wrong)).toBe(false);
  });

  it('a push whose order status, refund action and operator are unknown validates', () => {
    const message = schemas.OrderRefundInSalesMessage as JsonObject;
    const example = (message.examples as JsonObject[])[0] as JsonObject;
    const push: JsonObject = {
      ...example,
      data: {
        ...(example.data as JsonObject),
        currentStatus: 'some_new_state',
        refundAction: 'BUYER_NEW_ACTION',
        operator: 'platform',
      },
    };
    expect(errorsOf(closed(spec, message), example)).toBe('');
    expect(errorsOf(closed(spec, message), push)).toBe('');
  });
});
