import { describe, expect, it } from 'vitest';
import { renderConstraints } from '../../scripts/constraints.mjs';

/** A one-operation spec whose JSON body has the given fields, with these query parameters and components. */
const specWithBody = (properties: Record<string, unknown>, parameters: unknown[] = [], schemas = {}) => ({
  components: { schemas },
  paths: {
    '/op': {
      post: {
        operationId: 'op',
        parameters,
        requestBody: {
          content: { 'application/json': { schema: { type: 'object', properties } } },
        },
      },
    },
  },
});

/** A one-operation spec whose body has a single field `x` with the given schema. */
const specWithField = (x: unknown, parameters: unknown[] = []) => specWithBody({ x }, parameters);

describe('generating the request rules', () => {
  it('writes a field rule used three times or more once, under one name', () => {
    const text = { type: 'string', pattern: '^\\d{6}$' };
    const source = renderConstraints(specWithBody({ a: text, b: text, c: text, d: { type: 'string' } }));
    expect(source).toContain("const Shared1: Rule = { type: 'string', pattern: /^\\d{6}$/u };");
    expect(source).toMatch(/a: Shared1, b: Shared1, c: Shared1, d: \{ type: 'string' \}/);
  });

  it('writes a component used once where it is used, and one equal to a shared rule by that name', () => {
    const digits = { type: 'string', pattern: '^\\d+$' };
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const source = renderConstraints(
      specWithBody(
        { a: ref('Once'), b: ref('Twice'), c: ref('Twice'), d: digits, e: digits, f: digits, g: ref('Id') },
        [],
        {
          Once: { type: 'string', pattern: '^a$' },
          Twice: { type: 'string', pattern: '^b$' },
          Id: digits,
        },
      ),
    );
    expect(source).toContain("const Shared1: Rule = { type: 'string', pattern: /^\\d+$/u };");
    expect(source).toContain("const Twice: Rule = { type: 'string', pattern: /^b$/u };");
    expect(source).not.toMatch(/const (Once|Id)\b/);
    expect(source.replace(/\s+/g, ' ')).toContain(
      "a: { type: 'string', pattern: /^a$/u }, b: Twice, c: Twice, d: Shared1, e: Shared1, f: Shared1, g: Shared1,",
    );
  });

  it('writes keywords in one order, whatever the order in the spec', () => {
    const source = renderConstraints(
      specWithField({ maxLength: 9, minLength: 1, format: 'uri', type: 'string' }),
    );
    expect(source).toContain("x: { type: 'string', format: 'uri', minLength: 1, maxLength: 9 }");
  });

  // The checks enforce int32 as this range: test/checks/spec-constraints.test.ts sends 2^31 to every int32 field.
  it('writes a 32-bit format as the range it allows, narrowing a wider declared one', () => {
    const rules = (x: unknown) => renderConstraints(specWithField(x));
    expect(rules({ type: 'integer', format: 'int32' })).toContain(
      "x: { type: 'integer', minimum: -2147483648, maximum: 2147483647 }",
    );
    expect(rules({ maximum: 9, minimum: 1, format: 'int32', type: 'integer' })).toContain(
      "x: { type: 'integer', minimum: 1, maximum: 9 }",
    );
    expect(rules({ type: 'integer', format: 'int32', minimum: -(2 ** 40), maximum: 2 ** 40 })).toContain(
      "x: { type: 'integer', minimum: -2147483648, maximum: 2147483647 }",
    );
    // Every value an enum allows is already in range: the enum says it all.
    expect(rules({ type: 'integer', format: 'int32', enum: [0, 1] })).toContain(
      "x: { type: 'integer', enum: [0, 1] }",
    );
  });

  it.each([
    ['const', { type: 'string', const: 'a' }],
    ['exclusiveMaximum', { type: 'number', exclusiveMaximum: 5 }],
    ['type with a list of types', { type: ['string', 'null'] }],
    ['nullable', { type: 'string', nullable: true }],
  ])('stops on `%s`, which the pre-send checks do not enforce', (keyword, schema) => {
    expect(() => renderConstraints(specWithField(schema))).toThrow(
      `op body.x: the client's pre-send checks do not enforce \`${keyword}\``,
    );
  });

  it('stops on a query parameter sent as JSON text (`content`), which the checks cannot read', () => {
    const parameter = {
      in: 'query',
      name: 'ids',
      content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } },
    };
    expect(() => renderConstraints(specWithField({ type: 'string' }, [parameter]))).toThrow(
      "op query.ids: the client's pre-send checks do not enforce `content`",
    );
  });
});
