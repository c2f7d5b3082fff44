import { describe, expect, it } from 'vitest';
import { ConformanceSpec, type OpenApiDocument, type Schema } from '../src/index.js';

/** A one-operation spec whose 200 answer has the given schema, with shared components. */
function specWith(schema: Schema, schemas: Record<string, Schema> = {}): ConformanceSpec {
  const document: OpenApiDocument = {
    info: { title: 'Test', version: '1' },
    paths: {
      '/thing': {
        get: {
          operationId: 'getThing',
          parameters: [
            { name: 'appKey', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
            {
              name: 'sign',
              in: 'query',
              required: true,
              schema: { type: 'string', pattern: '^[0-9A-F]{32}$' },
            },
            { name: 'pageSize', in: 'query', schema: { type: 'integer', maximum: 50 } },
            { name: 'country', in: 'query', schema: { type: 'string', enum: ['en', 'ru'] } },
          ],
          responses: { '200': { content: { 'application/json': { schema } } } },
        },
        post: {
          operationId: 'postThing',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } },
          },
          responses: { '200': { content: { 'application/json': { schema: true } } } },
        },
      },
    },
    components: {
      schemas: {
        Body: {
          type: 'object',
          required: ['appKey', 'sign', 'orderId'],
          properties: { appKey: { type: 'string' }, sign: { type: 'string' }, orderId: { type: 'string' } },
        },
        ...schemas,
      },
    },
  };
  return new ConformanceSpec(document);
}

function check(schema: Schema, body: unknown, schemas?: Record<string, Schema>) {
  const spec = specWith(schema, schemas);
  const op = spec.match('GET', '/thing')!;
  return spec.checkResponse(op, { status: 200, body: JSON.stringify(body) });
}

const envelope = (data: Schema): Schema => ({
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'integer' }, message: { type: 'string' }, data },
});

describe('classifying an answer', () => {
  it('reports nothing for a body that matches, and calls it valid', () => {
    const result = check(envelope({ type: 'object', properties: { n: { type: 'integer' } } }), {
      code: 200,
      message: 'ok',
      data: { n: 1 },
    });
    expect(result).toEqual({ findings: [], valid: true });
  });

  it('names a field the spec does not describe, and tolerates it', () => {
    const result = check(envelope({ type: 'object', properties: { n: { type: 'integer' } } }), {
      code: 200,
      message: 'ok',
      data: { n: 1, extra: 'x' },
    });
    expect(result.valid).toBe(true);
    expect(result.findings).toEqual([
      {
        in: 'response',
        pointer: '/data/extra',
        kind: 'unknown-field',
        expected: 'no such field in the spec',
        seen: 'string',
        tolerated: true,
      },
    ]);
  });

  it('counts an extra field as invalid when the schema forbids extras', () => {
    const result = check(
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      {
        a: 'x',
        b: 1,
      },
    );
    expect(result.valid).toBe(false);
    expect(result.findings.map((f) => [f.pointer, f.kind, f.tolerated])).toEqual([
      ['/b', 'unknown-field', false],
    ]);
  });

  it('reads fields declared in any allOf branch as known', () => {
    const result = check(
      {
        allOf: [
          { $ref: '#/components/schemas/Base' },
          { type: 'object', properties: { data: { type: 'string' } }, required: ['data'] },
        ],
      },
      { code: 1, message: 'ok', data: 'x' },
      {
        Base: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'integer' }, message: { type: 'string' } },
        },
      },
    );
    expect(result).toEqual({ findings: [], valid: true });
  });

  it('tells a missing required field, a wrong type, a null and a value outside the enum apart', () => {
    const result = check(
      envelope({
        type: 'object',
        required: ['id', 'status'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['waitbuyerpay', 'success'] },
          amount: { type: 'number' },
          items: { type: 'array', items: { type: 'object', properties: { qty: { type: 'integer' } } } },
        },
      }),
      {
        code: 200,
        message: 'ok',
        data: { status: 'paid', amount: null, items: [{ qty: '2' }, { qty: '3' }, { qty: 1 }] },
      },
    );
    expect(result.valid).toBe(false);
    expect(result.findings.map(({ tolerated: _t, in: _in, ...f }) => f)).toEqual([
      { pointer: '/data/id', kind: 'missing-required', expected: 'string', seen: 'absent' },
      {
        pointer: '/data/status',
        kind: 'enum',
        expected: 'one of waitbuyerpay, success',
        seen: 'paid',
      },
      { pointer: '/data/amount', kind: 'null', expected: 'number', seen: 'null' },
      // Every element of a list shares one pointer; the same difference in two elements is listed once.
      { pointer: '/data/items/*/qty', kind: 'type', expected: 'integer', seen: 'string' },
    ]);
  });

  it('picks the oneOf branch the value was meant for and reports inside it', () => {
    const schema = envelope({ oneOf: [{ $ref: '#/components/schemas/Order' }, { type: 'null' }] });
    const schemas = {
      Order: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, total: { type: 'number' } },
      },
    };
    expect(check(schema, { code: 1, message: 'm', data: null })).toEqual({ findings: [], valid: true });
    const wrongInside = check(schema, { code: 1, message: 'm', data: { id: 7, more: true } }, schemas);
    expect(wrongInside.findings.map((f) => [f.pointer, f.kind, f.expected, f.seen])).toEqual([
      ['/data/id', 'type', 'string', 'integer'],
      ['/data/more', 'unknown-field', 'no such field in the spec', 'boolean'],
    ]);
    const noBranch = check(schema, { code: 1, message: 'm', data: 'text' }, schemas);
    expect(noBranch.findings.map((f) => [f.pointer, f.kind, f.expected, f.seen])).toEqual([
      ['/data', 'type', 'object or null', 'string'],
    ]);
  });

  it('reports a value outside an open enum as a tolerated enum deviation', () => {
    const open = { anyOf: [{ type: 'string', enum: ['waitbuyerpay', 'success'] }, { type: 'string' }] };
    expect(check({ type: 'object', properties: { status: open } }, { status: 'success' })).toEqual({
      findings: [],
      valid: true,
    });
    const result = check({ type: 'object', properties: { status: open } }, { status: 'waitlogistics' });
    expect(result.valid).toBe(true);
    expect(result.findings).toEqual([
      {
        in: 'response',
        pointer: '/status',
        kind: 'enum',
        expected: 'one of waitbuyerpay, success',
        seen: 'waitlogistics',
        tolerated: true,
      },
    ]);
  });

  it('reports null where no branch allows it as a null deviation', () => {
    const result = check(envelope({ oneOf: [{ type: 'string' }, { type: 'integer' }] }), {
      code: 1,
      message: 'm',
      data: null,
    });
    expect(result.findings.map((f) => [f.pointer, f.kind, f.expected])).toEqual([
      ['/data', 'null', 'string or integer'],
    ]);
  });

  it('walks map values declared by additionalProperties under one pointer, without calling keys unknown', () => {
    const result = check(
      {
        type: 'object',
        properties: { fixed: { type: 'string' } },
        additionalProperties: { type: 'integer' },
      },
      { fixed: 'x', a: 1, b: 'two', c: 'three' },
    );
    expect(result.findings.map((f) => [f.pointer, f.kind])).toEqual([['/*', 'type']]);
  });

  it('escapes / and ~ in field names as JSON Pointer says', () => {
    const result = check({ type: 'object', properties: { a: { type: 'string' } } }, { 'x/y~z': 1 });
    expect(result.findings[0]?.pointer).toBe('/x~1y~0z');
  });

  it('reports a string outside its pattern or length as a type deviation without quoting it', () => {
    const result = check(
      { type: 'object', properties: { traceId: { type: 'string', pattern: '^[0-9a-f]{12}$' } } },
      { traceId: 'Mr Zhang 13800000000' },
    );
    expect(result.findings).toEqual([
      expect.objectContaining({
        pointer: '/traceId',
        kind: 'type',
        expected: 'string matching ^[0-9a-f]{12}$',
        seen: 'string',
      }),
    ]);
  });
});

describe('the envelope and the status', () => {
  const schema = envelope({ type: ['object', 'null'] });

  it('reports an undeclared HTTP status without reading the body', () => {
    const spec = specWith(schema);
    const result = spec.checkResponse(spec.match('get', '/thing')!, {
      status: 503,
      body: '<html>busy</html>',
    });
    expect(result.findings).toEqual([
      {
        in: 'response',
        pointer: '',
        kind: 'status',
        expected: 'HTTP 200',
        seen: 'HTTP 503',
        tolerated: false,
      },
    ]);
  });

  it('reports a body that is not JSON, not an object, or lacks the envelope fields as one envelope deviation', () => {
    const spec = specWith(schema);
    const op = spec.match('get', '/thing')!;
    const kinds = (body: string, contentType?: string) =>
      spec
        .checkResponse(op, { status: 200, body, contentType })
        .findings.map((f) => [f.pointer, f.kind, f.expected, f.seen]);
    const expected = 'a JSON object with code, message';
    expect(kinds('<html></html>', 'text/html; charset=utf-8')).toEqual([
      ['', 'envelope', expected, 'text/html body'],
    ]);
    expect(kinds('not json')).toEqual([['', 'envelope', expected, 'text that is not JSON']]);
    expect(kinds('')).toEqual([['', 'envelope', expected, 'an empty body']]);
    expect(kinds('[1,2]')).toEqual([['', 'envelope', expected, 'JSON array']]);
    expect(kinds('{"status":500,"error":"Internal Server Error"}')).toEqual([
      ['', 'envelope', expected, 'a JSON object with status, error'],
    ]);
  });
});

describe('classifying a request', () => {
  it('checks query parameters as their declared types and names undeclared ones', () => {
    const spec = specWith(true);
    const findings = spec.checkRequest(spec.match('GET', '/thing')!, {
      query: new URLSearchParams('appKey=k&sign=5ECRET&pageSize=x&country=de&debug=1'),
    });
    expect(findings.map((f) => [f.in, f.pointer, f.kind, f.seen])).toEqual([
      ['request', '/query/sign', 'type', 'string'],
      ['request', '/query/pageSize', 'type', 'string'],
      ['request', '/query/country', 'enum', 'de'],
      ['request', '/query/debug', 'unknown-field', 'string'],
    ]);
  });

  it('never quotes a credential, even when it breaks the declared pattern', () => {
    const spec = specWith(true);
    const findings = spec.checkRequest(spec.match('GET', '/thing')!, {
      query: new URLSearchParams('appKey=myKey&sign=not-a-signature-but-a-secret'),
    });
    expect(JSON.stringify(findings)).not.toMatch(/myKey|secret/);
  });

  it('walks a JSON body strictly: an extra field is not tolerated', () => {
    const spec = specWith(true);
    const findings = spec.checkRequest(spec.match('POST', '/thing')!, {
      query: new URLSearchParams(),
      contentType: 'application/json',
      body: '{"appKey":"k","sign":"S","orderId":2257164624870311973,"note":"x"}',
    });
    expect(findings.map((f) => [f.pointer, f.kind, f.tolerated])).toEqual([
      ['/body/orderId', 'type', false],
      ['/body/note', 'unknown-field', false],
    ]);
  });

  it('reports a missing required body', () => {
    const spec = specWith(true);
    const findings = spec.checkRequest(spec.match('POST', '/thing')!, { query: new URLSearchParams() });
    expect(findings.map((f) => [f.pointer, f.kind])).toEqual([['/body', 'missing-required']]);
  });
});
