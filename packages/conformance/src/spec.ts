import { type ClassifiedFinding, child, type Schema, SchemaClassifier } from './classify.js';

/** The parts of an OpenAPI 3.1 document the checks read; any bundled Daji spec (`openapi.json`) fits. */
export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
}

/** One operation of the spec, found by method and path. */
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
}

/** What the checks need of a request: its query, and its body as text with the Content-Type it came with. */
export interface ExchangeRequest {
  query: URLSearchParams;
  contentType?: string | undefined;
  body?: string | undefined;
}

/** What the checks need of an answer. `body` is the text as received, or an already parsed value. */
export interface ExchangeResponse {
  status: number;
  contentType?: string | undefined;
  body: string | { parsed: unknown };
}

/** The outcome of checking one answer: its findings, and whether the spec accepts it (extras are tolerated). */
export interface ResponseCheck {
  findings: ClassifiedFinding[];
  valid: boolean;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation extends SpecOperation {
  parameters: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * A spec made ready for checking traffic: operations indexed by method and path, every `$ref` resolvable.
 * Build one per spec and reuse it; checking is then a walk over the value, with no compilation step.
 *
 * @example
 * const spec = new ConformanceSpec(JSON.parse(readFileSync('openapi.json', 'utf8')));
 * const op = spec.match('POST', '/alibaba/trade/get/buyerView');
 * const { findings, valid } = spec.checkResponse(op!, { status: 200, body: text });
 */
export class ConformanceSpec {
  readonly title: string;
  readonly version: string;
  private readonly byRoute = new Map<string, Operation>();
  private readonly templated: { method: string; pattern: RegExp; op: Operation }[] = [];
  private readonly classifier: SchemaClassifier;
  private readonly shapes = new Map<Schema, string>();

  constructor(private readonly document: OpenApiDocument) {
    if (document === null || typeof document !== 'object' || typeof document.paths !== 'object') {
      throw new TypeError(
        'ConformanceSpec: expected an OpenAPI document with `paths` (a bundled openapi.json).',
      );
    }
    this.title = document.info?.title ?? 'untitled';
    this.version = document.info?.version ?? 'unversioned';
    this.classifier = new SchemaClassifier((ref) => this.resolve(ref) as Schema | undefined);
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const shared = Array.isArray(item.parameters) ? (item.parameters as unknown[]) : [];
      for (const method of METHODS) {
        const raw = item[method] as Record<string, unknown> | undefined;
        if (!raw || typeof raw.operationId !== 'string') continue;
        const op: Operation = {
          operationId: raw.operationId,
          method,
          path,
          parameters: [...shared, ...((raw.parameters as unknown[]) ?? [])].map(
            (p) => this.resolveObject(p) as unknown as Parameter,
          ),
          requestBody: this.resolveObject(raw.requestBody) as Operation['requestBody'],
          responses: Object.fromEntries(
            Object.entries((raw.responses as Record<string, unknown>) ?? {}).map(([status, r]) => [
              status,
              this.resolveObject(r) as Operation['responses'][string],
            ]),
          ),
        };
        if (path.includes('{')) {
          const source = path
            .split(/\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('[^/]+');
          this.templated.push({ method, pattern: new RegExp(`^${source}$`), op });
        } else {
          this.byRoute.set(`${method} ${path}`, op);
        }
      }
    }
  }

  /** Every operation of the spec. */
  operations(): SpecOperation[] {
    return [...this.byRoute.values(), ...this.templated.map((t) => t.op)].map(
      ({ operationId, method, path }) => ({
        operationId,
        method,
        path,
      }),
    );
  }

  /** The operation a request is for, or undefined when the spec has no such method and path. */
  match(method: string, pathname: string): SpecOperation | undefined {
    const m = method.toLowerCase();
    const exact = this.byRoute.get(`${m} ${pathname}`);
    if (exact) return exact;
    return this.templated.find((t) => t.method === m && t.pattern.test(pathname))?.op;
  }

  /**
   * Checks a request against its operation: declared query parameters (required, type, enum, pattern) and
   * the JSON or form body. Requests are read strictly, so an undeclared parameter or field is reported too.
   * Only types and names are reported, never a credential's value.
   */
  checkRequest(operation: SpecOperation, request: ExchangeRequest): ClassifiedFinding[] {
    const op = this.operation(operation);
    const out: ClassifiedFinding[] = [];
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    this.checkStringParams(request.query, queryParams, '/query', out);

    const content = op.requestBody?.content;
    if (!content || request.body === undefined || request.body === '') {
      if (content && (op.requestBody as { required?: boolean }).required) {
        out.push(mark('request', '/body', 'missing-required', 'a request body', 'absent'));
      }
      return out;
    }
    const contentType = request.contentType ?? '';
    if (JSON_TYPE.test(contentType)) {
      const schema = Object.entries(content).find(([type]) => JSON_TYPE.test(type))?.[1]?.schema;
      if (schema === undefined) return out;
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.body);
      } catch {
        out.push(mark('request', '/body', 'type', 'JSON text', 'text that is not JSON'));
        return out;
      }
      out.push(...this.classifier.classify(parsed, schema, 'request', '/body').map(strict));
    } else if (FORM_TYPE.test(contentType)) {
      const schema = Object.entries(content).find(([type]) => FORM_TYPE.test(type))?.[1]?.schema;
      if (schema === undefined) return out;
      this.checkStringParams(new URLSearchParams(request.body), this.formFields(schema), '/body', out);
    }
    // multipart bodies carry files; their parts are not checked.
    return out;
  }

  /**
   * Checks an answer against its operation: the status must be declared, the body must be the declared
   * JSON document, and every field is walked for the deviation kinds. Unknown fields are reported but do not
   * make an answer invalid unless the schema forbids extras.
   */
  checkResponse(operation: SpecOperation, response: ExchangeResponse): ResponseCheck {
    const op = this.operation(operation);
    const declared =
      op.responses[String(response.status)] ??
      op.responses[`${String(response.status)[0]}XX`] ??
      op.responses.default;
    if (!declared) {
      const statuses = Object.keys(op.responses).join(', ');
      return {
        findings: [mark('response', '', 'status', `HTTP ${statuses}`, `HTTP ${response.status}`)],
        valid: false,
      };
    }
    const content = declared.content;
    if (!content || Object.keys(content).length === 0) return { findings: [], valid: true };
    const jsonEntry = Object.entries(content).find(([type]) => JSON_TYPE.test(type));
    if (!jsonEntry) return { findings: [], valid: true };
    const schema = jsonEntry[1].schema ?? true;

    let value: unknown;
    if (typeof response.body === 'string') {
      const contentType = response.contentType ?? '';
      if (contentType && !JSON_TYPE.test(contentType)) {
        return envelope(this.documentShape(schema), `${contentType.split(';')[0]?.trim()} body`);
      }
      try {
        value = JSON.parse(response.body);
      } catch {
        return envelope(
          this.documentShape(schema),
          response.body.trim() === '' ? 'an empty body' : 'text that is not JSON',
        );
      }
    } else {
      value = response.body.parsed;
    }

    const findings = this.classifier.classify(value, schema, 'response', '');
    // The root of an answer is its envelope. A body of another type, or one without the fields every
    // answer has, is not the documented document at all: one `envelope` finding says so, and its fields
    // are not walked one by one.
    const root = findings.find((f) => f.pointer === '' && (f.kind === 'type' || f.kind === 'null'));
    if (root) return envelope(this.documentShape(schema), `JSON ${root.seen}`);
    if (findings.some((f) => f.kind === 'missing-required' && f.pointer.lastIndexOf('/') === 0)) {
      const present = Object.keys(value as object).slice(0, 8);
      return envelope(
        this.documentShape(schema),
        present.length > 0 ? `a JSON object with ${present.join(', ')}` : 'an empty JSON object',
      );
    }
    return { findings, valid: findings.every((f) => f.tolerated) };
  }

  /** What a whole answer should be, e.g. `a JSON object with code, message`: the fields its root requires. */
  private documentShape(schema: Schema): string {
    let shape = this.shapes.get(schema);
    if (shape === undefined) {
      const required = this.classifier
        .classify({}, schema, 'response', '')
        .filter((f) => f.kind === 'missing-required' && f.pointer.lastIndexOf('/') === 0)
        .map((f) => f.pointer.slice(1));
      const root = this.classifier.describe(schema);
      shape =
        required.length > 0
          ? `a JSON object with ${required.join(', ')}`
          : root === 'object'
            ? 'a JSON object'
            : `JSON ${root}`;
      this.shapes.set(schema, shape);
    }
    return shape;
  }

  private readonly resolved = new Map<string, unknown>();

  /** Resolves a local `$ref` (`#/components/schemas/Name`). */
  resolve(ref: string): unknown {
    if (this.resolved.has(ref)) return this.resolved.get(ref);
    const found = this.lookup(ref);
    this.resolved.set(ref, found);
    return found;
  }

  private lookup(ref: string): unknown {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = this.document;
    for (const raw of ref.slice(2).split('/')) {
      const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[token];
    }
    return node;
  }

  private resolveObject(value: unknown, depth = 0): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object') return undefined;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && depth < 16) return this.resolveObject(this.resolve(ref), depth + 1);
    return value as Record<string, unknown>;
  }

  private operation(operation: SpecOperation): Operation {
    const op = this.match(operation.method, operation.path);
    if (!op)
      throw new TypeError(
        `ConformanceSpec: ${operation.method.toUpperCase()} ${operation.path} is not in the spec.`,
      );
    return op as Operation;
  }

  private formFields(schema: Schema): Parameter[] {
    const s = this.resolveObject(schema) ?? {};
    const required = new Set((s.required as string[]) ?? []);
    return Object.entries((s.properties as Record<string, Schema>) ?? {}).map(([name, propSchema]) => ({
      name,
      in: 'body',
      required: required.has(name),
      schema: propSchema,
    }));
  }

  /** Query and form values are text: each is read as the parameter's declared type before it is walked. */
  private checkStringParams(
    params: URLSearchParams,
    declared: Parameter[],
    prefix: string,
    out: ClassifiedFinding[],
  ) {
    const names = new Set(declared.map((p) => p.name));
    for (const param of declared) {
      const values = params.getAll(param.name);
      const pointer = child(prefix, param.name);
      if (values.length === 0) {
        if (param.required) {
          out.push(
            mark(
              'request',
              pointer,
              'missing-required',
              this.classifier.describe(param.schema ?? true),
              'absent',
            ),
          );
        }
        continue;
      }
      if (param.schema === undefined) continue;
      const types = this.scalarTypes(param.schema);
      for (const text of values) {
        const findings = this.classifier.classify(coerce(text, types), param.schema, 'request', pointer);
        out.push(...findings.map((f) => (CREDENTIALS.has(param.name) ? withoutValue(f) : strict(f))));
      }
    }
    for (const name of new Set(params.keys())) {
      if (names.has(name)) continue;
      out.push(
        mark('request', child(prefix, name), 'unknown-field', 'no such parameter in the spec', 'string'),
      );
    }
  }

  private scalarTypes(schema: Schema): string[] {
    const s = this.resolveObject(schema);
    const type = s?.type;
    return typeof type === 'string' ? [type] : Array.isArray(type) ? (type as string[]) : [];
  }
}

/** The request parameters that carry credentials: only their type is ever reported. */
const CREDENTIALS = new Set(['appKey', 'appSecret', 'sign']);

function withoutValue(f: ClassifiedFinding): ClassifiedFinding {
  return { ...f, seen: f.kind === 'missing-required' ? f.seen : 'string', tolerated: false };
}

/** Requests are checked hard: an extra parameter is a finding the spec does not tolerate. */
function strict(f: ClassifiedFinding): ClassifiedFinding {
  return f.tolerated ? { ...f, tolerated: false } : f;
}

function mark(
  side: 'request' | 'response',
  pointer: string,
  kind: ClassifiedFinding['kind'],
  expected: string,
  seen: string,
): ClassifiedFinding {
  return { in: side, pointer, kind, expected, seen, tolerated: false };
}

function envelope(expected: string, seen: string): ResponseCheck {
  return { findings: [mark('response', '', 'envelope', expected, seen)], valid: false };
}

/** Reads query text as the declared scalar type, so `pageSize=20` is the integer 20 and `abc` stays text. */
function coerce(text: string, types: string[]): unknown {
  if (
    (types.includes('integer') || types.includes('number')) &&
    /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)
  ) {
    return Number(text);
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.includes('null') && text === 'null') return null;
  return text;
}
