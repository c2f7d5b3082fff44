import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ConformanceSpec, type OpenApiDocument } from '../src/index.js';

const specPath = createRequire(import.meta.url).resolve('@daji-openapi/spec/dist/openapi.json');
const document = JSON.parse(readFileSync(specPath, 'utf8')) as OpenApiDocument & Record<string, unknown>;
const spec = new ConformanceSpec(document);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const deref = (node: unknown) => {
  const ref = (node as { $ref?: string } | undefined)?.$ref;
  return (ref ? spec.resolve(ref) : node) as Record<string, unknown>;
};

/** Every example answer of the spec with the operation, status and schema it belongs to. */
function exampleAnswers() {
  const answers: {
    label: string;
    op: { operationId: string; method: string; path: string };
    status: number;
    schema: unknown;
    value: Json;
  }[] = [];
  for (const op of spec.operations()) {
    const raw = (document.paths as Record<string, Record<string, Record<string, unknown>>>)[op.path]![
      op.method
    ]!;
    for (const [status, response] of Object.entries(raw.responses as Record<string, unknown>)) {
      const media = (deref(response).content as Record<string, Record<string, unknown>> | undefined)?.[
        'application/json'
      ];
      if (!media) continue;
      for (const [name, example] of Object.entries((media.examples as Record<string, unknown>) ?? {})) {
        answers.push({
          label: `${op.operationId} ${status} ${name}`,
          op,
          status: Number(status),
          schema: media.schema,
          value: deref(example).value as Json,
        });
      }
    }
  }
  return answers;
}

/** ajv, as an independent judge of whether a value satisfies a schema of the spec. */
function ajvFor() {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  for (const keyword of ['example', 'xml', 'externalDocs', 'discriminator']) ajv.addKeyword(keyword);
  ajv.addSchema({ ...document, $id: 'openapi.json' }, 'openapi.json');
  const anchor = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(anchor);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? `openapi.json${v}` : anchor(v),
      ]),
    );
  };
  const cache = new Map<unknown, ReturnType<typeof ajv.compile>>();
  return (schema: unknown, value: unknown) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(anchor(schema) as object);
      cache.set(schema, validate);
    }
    return validate(value) as boolean;
  };
}

/** Deterministic damage to a document: each leaf and object in turn made null, retyped, removed, or joined by an extra field. */
function* mutations(
  value: Json,
  path: string[] = [],
): Generator<{ what: string; apply: (root: Json) => void }> {
  const at = (root: Json, keys: string[]) =>
    keys.reduce<Json>((node, k) => (node as Record<string, Json>)[k]!, root);
  if (path.length > 0) {
    const parentPath = path.slice(0, -1);
    const key = path.at(-1)!;
    const set = (root: Json, v: Json) => {
      (at(root, parentPath) as Record<string, Json>)[key] = v;
    };
    yield { what: `${path.join('/')} = null`, apply: (root) => set(root, null) };
    if (typeof value === 'string')
      yield { what: `${path.join('/')} as number`, apply: (root) => set(root, 12345) };
    if (typeof value === 'number')
      yield { what: `${path.join('/')} as string`, apply: (root) => set(root, String(value)) };
    if (typeof value === 'boolean')
      yield { what: `${path.join('/')} as string`, apply: (root) => set(root, 'yes') };
    if (!/^\d+$/.test(key)) {
      yield {
        what: `delete ${path.join('/')}`,
        apply: (root) => {
          delete (at(root, parentPath) as Record<string, Json>)[key];
        },
      };
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    yield {
      what: `extra field in /${path.join('/')}`,
      apply: (root) => {
        (at(root, path) as Record<string, Json>).undocumentedField = 1;
      },
    };
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* mutations(v, [...path, k]);
  }
}

describe('the bundled Daji spec', () => {
  const answers = exampleAnswers();

  it('has example answers to check against', () => {
    expect(answers.length).toBeGreaterThan(20);
  });

  it('finds nothing in any example answer of the spec', () => {
    for (const a of answers) {
      const result = spec.checkResponse(a.op, { status: a.status, body: JSON.stringify(a.value) });
      expect(result.findings, a.label).toEqual([]);
      expect(result.valid, a.label).toBe(true);
    }
  });

  it('agrees with ajv on whether thousands of damaged answers satisfy the spec', () => {
    const ajvValid = ajvFor();
    let compared = 0;
    let invalid = 0;
    for (const a of answers) {
      for (const mutation of mutations(a.value)) {
        const damaged = structuredClone(a.value);
        mutation.apply(damaged);
        const ours = spec.checkResponse(a.op, { status: a.status, body: JSON.stringify(damaged) });
        expect(ours.valid, `${a.label}: ${mutation.what} → ${JSON.stringify(ours.findings)}`).toBe(
          ajvValid(a.schema, damaged),
        );
        // Whatever made it invalid is named, with a pointer into the body.
        if (!ours.valid) {
          invalid += 1;
          expect(ours.findings.some((f) => !f.tolerated)).toBe(true);
        }
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(invalid).toBeGreaterThan(100);
  });

  it('reports an extra field added anywhere as unknown-field at exactly that pointer', () => {
    const detail = answers.find(
      (a) =>
        a.op.operationId === 'getProductDetail' &&
        a.status === 200 &&
        a.value &&
        (a.value as { data?: unknown }).data,
    )!;
    const damaged = structuredClone(detail.value) as { data: Record<string, Json> };
    damaged.data.brandNewField = 'x';
    const result = spec.checkResponse(detail.op, { status: 200, body: JSON.stringify(damaged) });
    expect(result.valid).toBe(true);
    expect(result.findings.map((f) => [f.pointer, f.kind])).toEqual([
      ['/data/brandNewField', 'unknown-field'],
    ]);
  });

  it('finds every operation by method and path', () => {
    for (const op of spec.operations())
      expect(spec.match(op.method.toUpperCase(), op.path)).toEqual(expect.objectContaining(op));
    expect(spec.match('GET', '/alibaba/nothing/here')).toBeUndefined();
  });
});
