import type { DeviationKind, DeviationSide, Finding } from './deviation.js';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) or a boolean schema. */
export type Schema = boolean | { [keyword: string]: unknown };

/** A finding plus whether the spec tolerates it: an undeclared field is tolerated unless the schema forbids extras. */
export interface ClassifiedFinding extends Finding {
  tolerated: boolean;
}

type SchemaObject = { [keyword: string]: unknown };

/** What the schemas that describe one object declare about its keys, merged across `$ref`, `allOf` and the chosen `oneOf`/`anyOf` branch. */
interface Coverage {
  /** The `properties` maps of every schema that describes the object. */
  declaredIn: Record<string, unknown>[];
  /** Some schema lists `properties`: only then can a field be unknown. */
  declared: boolean;
  /** Extra keys are described by `additionalProperties` / `patternProperties` schemas (a map). */
  map: boolean;
  /** Some schema says `additionalProperties: false`. */
  closed: boolean;
}

const MAX_QUOTED = 60;
const MAX_LISTED = 8;

/**
 * Walks a value against a schema and names every place they differ, as deviation kinds rather than raw
 * validator errors. It implements the JSON Schema keywords the Daji spec uses (types, properties, required,
 * additionalProperties, items, enum/const, allOf/oneOf/anyOf, $ref, string/number/array bounds) by plain
 * interpretation — nothing is compiled at run time.
 */
export class SchemaClassifier {
  constructor(
    /** Resolves a local `$ref` such as `#/components/schemas/OrderDetail`. */
    private readonly resolveRef: (ref: string) => Schema | undefined,
  ) {}

  classify(value: unknown, schema: Schema, side: DeviationSide, pointer = ''): ClassifiedFinding[] {
    const out: ClassifiedFinding[] = [];
    this.walk(value, schema, pointer, side, out, true);
    // One finding per pointer and kind: elements of a list and values of a map share a pointer.
    const seen = new Set<string>();
    return out.filter((f) => {
      const key = `${f.pointer}\u0000${f.kind}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Returns the coverage of the object keys checked at this level, so the caller can report unknown fields once. */
  private walk(
    value: unknown,
    schema: Schema,
    pointer: string,
    side: DeviationSide,
    out: ClassifiedFinding[],
    reportUnknown: boolean,
  ): Coverage | undefined {
    if (schema === true) return undefined;
    if (schema === false) {
      out.push(finding(side, pointer, 'type', 'nothing (the spec forbids a value here)', jsonType(value)));
      return undefined;
    }
    if (typeof schema !== 'object' || schema === null) return undefined;

    const s = this.deref(schema);
    const coverage = isPlainObject(value) ? emptyCoverage() : undefined;

    if (!this.checkTypeAndValue(value, s, pointer, side, out)) return coverage;

    if (s.allOf) {
      for (const branch of s.allOf) {
        merge(coverage, this.walk(value, branch, pointer, side, out, false));
      }
    }
    for (const branches of [s.oneOf, s.anyOf]) {
      if (branches && branches.length > 0) {
        if (!this.chooseBranch(value, branches, pointer, side, out, coverage)) return coverage;
      }
    }

    if (coverage) this.walkObject(value as SchemaObject, s, pointer, side, out, coverage, reportUnknown);
    else if (Array.isArray(value)) this.walkArray(value, s, pointer, side, out);
    return coverage;
  }

  private readonly nodes = new WeakMap<SchemaObject, SchemaNode>();

  /**
   * The schema as a node of fixed shape, its `$ref` resolved, built once per schema object: reading
   * keywords from it is much faster than from the variously shaped objects of a parsed document.
   */
  private deref(schema: SchemaObject): SchemaNode {
    let node = this.nodes.get(schema);
    if (!node) {
      node = typeof schema.$ref === 'string' ? this.resolveSchema(schema) : toNode(schema);
      this.nodes.set(schema, node);
    }
    return node;
  }

  /** `$ref` with sibling keywords behaves as `allOf: [target, siblings]`. */
  private resolveSchema(schema: SchemaObject): SchemaNode {
    const target = this.resolveRef(schema.$ref as string);
    const { $ref: _ref, ...siblings } = schema;
    if (target === undefined) return toNode(siblings);
    const hasSiblings = Object.keys(siblings).some((k) => VALIDATION_KEYWORDS.has(k));
    if (!hasSiblings) return typeof target === 'object' ? this.deref(target) : toNode({ allOf: [target] });
    return toNode({ ...siblings, allOf: [target, ...((siblings.allOf as Schema[] | undefined) ?? [])] });
  }

  /** Type, null, enum/const and scalar bounds. Returns false when the value is so far off that walking deeper is noise. */
  private checkTypeAndValue(
    value: unknown,
    s: SchemaNode,
    pointer: string,
    side: DeviationSide,
    out: ClassifiedFinding[],
  ): boolean {
    const types = s.types;
    if (types) {
      const actual = jsonType(value);
      const accepted = types.includes(actual) || (actual === 'integer' && types.includes('number'));
      if (!accepted) {
        out.push(finding(side, pointer, actual === 'null' ? 'null' : 'type', describeTypes(types), actual));
        return false;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((option) => sameValue(option, value))) {
      if (value === null) {
        out.push(finding(side, pointer, 'null', describeEnum(s.enum), 'null'));
        return false;
      }
      out.push(finding(side, pointer, 'enum', describeEnum(s.enum), quote(value)));
      return false;
    }
    if (s.hasConst && !sameValue(s.const, value)) {
      out.push(
        finding(side, pointer, value === null ? 'null' : 'enum', describeEnum([s.const]), quote(value)),
      );
      return false;
    }
    const bound = s.bounds ? boundViolation(value, s.raw) : undefined;
    if (bound) {
      out.push(finding(side, pointer, 'type', bound, describeSeen(value, s.raw)));
      return false;
    }
    return true;
  }

  /**
   * Picks the branch of a `oneOf`/`anyOf` the value was meant to match: the first that it satisfies, else
   * the one of its JSON type with the fewest differences. A value of a type no branch allows is one
   * `type`/`null` finding at this pointer rather than a list of every branch's complaints.
   */
  private chooseBranch(
    value: unknown,
    branches: Schema[],
    pointer: string,
    side: DeviationSide,
    out: ClassifiedFinding[],
    coverage: Coverage | undefined,
  ): boolean {
    let best: { findings: ClassifiedFinding[]; coverage: Coverage | undefined; score: number } | undefined;
    for (const branch of branches) {
      const findings: ClassifiedFinding[] = [];
      const branchCoverage = this.walk(value, branch, pointer, side, findings, false);
      const hard = findings.filter((f) => !f.tolerated);
      // A finding at this very pointer means the value is not even of this branch's type.
      const typeMiss = hard.some((f) => f.pointer === pointer && (f.kind === 'type' || f.kind === 'null'));
      const score = hard.length === 0 ? 0 : (typeMiss ? 1_000_000 : 0) + hard.length;
      if (!best || score < best.score) best = { findings, coverage: branchCoverage, score };
      if (score === 0) break;
    }
    if (!best) return true;
    if (best.score >= 1_000_000) {
      const types = new Set<string>();
      for (const branch of branches) for (const t of this.branchTypes(branch)) types.add(t);
      const actual = jsonType(value);
      const expected = types.size > 0 ? describeTypes([...types]) : 'one of the documented shapes';
      out.push(finding(side, pointer, actual === 'null' ? 'null' : 'type', expected, actual));
      return false;
    }
    out.push(...best.findings);
    merge(coverage, best.coverage);
    if (best.score === 0) this.noteOpenEnum(value, branches, pointer, side, out);
    return true;
  }

  /**
   * An open enum (`anyOf: [{ enum: [...] }, { type: string }]`) accepts any value, but a value outside the
   * known list is still news about the spec: it is reported as a tolerated `enum` finding.
   */
  private noteOpenEnum(
    value: unknown,
    branches: Schema[],
    pointer: string,
    side: DeviationSide,
    out: ClassifiedFinding[],
  ) {
    if (value === null || typeof value === 'object') return;
    for (const branch of branches) {
      if (typeof branch !== 'object' || branch === null) continue;
      const options = this.deref(branch).enum;
      if (!Array.isArray(options) || !options.some((o) => jsonType(o) === jsonType(value))) continue;
      if (options.some((o) => sameValue(o, value))) return;
      out.push({ ...finding(side, pointer, 'enum', describeEnum(options), quote(value)), tolerated: true });
      return;
    }
  }

  private branchTypes(branch: Schema, depth = 0): string[] {
    if (typeof branch !== 'object' || branch === null || depth > 8) return [];
    const s = this.deref(branch);
    const own = s.types;
    if (own) return own;
    if (Array.isArray(s.enum)) return [...new Set(s.enum.map(jsonType))];
    const nested = [
      ...((s.allOf as Schema[]) ?? []),
      ...((s.oneOf as Schema[]) ?? []),
      ...((s.anyOf as Schema[]) ?? []),
    ];
    return nested.flatMap((b) => this.branchTypes(b, depth + 1));
  }

  private walkObject(
    value: SchemaObject,
    s: SchemaNode,
    pointer: string,
    side: DeviationSide,
    out: ClassifiedFinding[],
    coverage: Coverage,
    reportUnknown: boolean,
  ): void {
    const properties = s.properties;
    if (properties) {
      coverage.declared = true;
      coverage.declaredIn.push(properties);
    }
    const additional = s.additionalProperties;
    if (additional === false) coverage.closed = true;
    const additionalSchema =
      typeof additional === 'object' && additional !== null ? (additional as Schema) : undefined;
    if (additionalSchema || isPlainObject(s.patternProperties)) coverage.map = true;

    if (s.required) {
      for (const name of s.required) {
        if (Object.hasOwn(value, name)) continue;
        const declared = properties?.[name];
        const expected = declared === undefined ? 'present' : this.describe(declared);
        out.push(finding(side, child(pointer, name), 'missing-required', expected, 'absent'));
      }
    }
    for (const [name, item] of Object.entries(value)) {
      const declared = properties?.[name];
      if (declared !== undefined) {
        this.walk(item, declared, child(pointer, name), side, out, true);
      } else if (additionalSchema && !(properties && name in properties)) {
        // Keys of a map are data (ids, SKU names), not field names: they share one pointer.
        this.walk(item, additionalSchema, child(pointer, '*'), side, out, true);
      }
    }
    if (reportUnknown && coverage.declared && !coverage.map) {
      for (const name of Object.keys(value)) {
        if (coverage.declaredIn.some((properties) => Object.hasOwn(properties, name))) continue;
        out.push({
          ...finding(
            side,
            child(pointer, name),
            'unknown-field',
            'no such field in the spec',
            jsonType(value[name]),
          ),
          tolerated: !coverage.closed,
        });
      }
    }
  }

  private walkArray(
    value: unknown[],
    s: SchemaNode,
    pointer: string,
    side: DeviationSide,
    out: ClassifiedFinding[],
  ) {
    const items = s.items;
    if (items === undefined || items === true) return;
    const itemPointer = child(pointer, '*');
    // Every element shares one pointer; report each distinct difference once per array.
    const seen = new Set<string>();
    for (const item of value) {
      const findings: ClassifiedFinding[] = [];
      this.walk(item, items as Schema, itemPointer, side, findings, true);
      for (const f of findings) {
        const key = `${f.pointer}\u0000${f.kind}\u0000${f.seen}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(f);
      }
    }
  }

  /** A short description of what a schema accepts, for `expected`. */
  describe(schema: Schema, depth = 0): string {
    if (schema === true) return 'any value';
    if (schema === false) return 'nothing';
    const types = this.branchTypes(schema, depth);
    return types.length > 0 ? describeTypes([...new Set(types)]) : 'present';
  }
}

/** A schema's keywords in one fixed shape (see `deref`). */
interface SchemaNode {
  raw: SchemaObject;
  types: string[] | undefined;
  enum: unknown[] | undefined;
  hasConst: boolean;
  const: unknown;
  /** Any string, number or array bound is declared. */
  bounds: boolean;
  allOf: Schema[] | undefined;
  oneOf: Schema[] | undefined;
  anyOf: Schema[] | undefined;
  properties: Record<string, Schema> | undefined;
  required: string[] | undefined;
  additionalProperties: unknown;
  patternProperties: unknown;
  items: unknown;
}

const BOUNDS = [
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
];

function toNode(s: SchemaObject): SchemaNode {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Schema[]) : undefined);
  return {
    raw: s,
    types: typeList(s.type),
    enum: Array.isArray(s.enum) ? s.enum : undefined,
    hasConst: 'const' in s,
    const: s.const,
    bounds: BOUNDS.some((k) => k in s),
    allOf: list(s.allOf),
    oneOf: list(s.oneOf),
    anyOf: list(s.anyOf),
    properties: isPlainObject(s.properties) ? (s.properties as Record<string, Schema>) : undefined,
    required: Array.isArray(s.required) ? (s.required as string[]) : undefined,
    additionalProperties: s.additionalProperties,
    patternProperties: s.patternProperties,
    items: s.items,
  };
}

const VALIDATION_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'items',
  'enum',
  'const',
  'allOf',
  'oneOf',
  'anyOf',
  ...BOUNDS,
]);

function finding(
  side: DeviationSide,
  pointer: string,
  kind: DeviationKind,
  expected: string,
  seen: string,
): ClassifiedFinding {
  return { in: side, pointer, kind, expected, seen, tolerated: false };
}

function emptyCoverage(): Coverage {
  return { declaredIn: [], declared: false, map: false, closed: false };
}

function merge(into: Coverage | undefined, from: Coverage | undefined): void {
  if (!into || !from) return;
  for (const properties of from.declaredIn) into.declaredIn.push(properties);
  into.declared ||= from.declared;
  into.map ||= from.map;
  into.closed ||= from.closed;
}

function isPlainObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON type of a parsed value; whole numbers are `integer`, as JSON Schema counts them. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'bigint') return 'integer';
  return typeof value;
}

function typeList(type: unknown): string[] | undefined {
  if (typeof type === 'string') return [type];
  if (Array.isArray(type) && type.every((t) => typeof t === 'string')) return type as string[];
  return undefined;
}

function describeTypes(types: readonly string[]): string {
  const ordered = [...types.filter((t) => t !== 'null'), ...types.filter((t) => t === 'null')];
  if (ordered.length <= 1) return ordered[0] ?? 'any value';
  return `${ordered.slice(0, -1).join(', ')} or ${ordered.at(-1)}`;
}

function describeEnum(options: unknown[]): string {
  const listed = options.slice(0, MAX_LISTED).map((o) => (typeof o === 'string' ? o : JSON.stringify(o)));
  const more = options.length > MAX_LISTED ? `, … (${options.length} values)` : '';
  return options.length === 1 ? `exactly ${listed[0]}` : `one of ${listed.join(', ')}${more}`;
}

/** An offending enum value, shortened: enum fields hold codes, never personal data. */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

function describeSeen(value: unknown, s: SchemaObject): string {
  if (typeof value === 'string') {
    return 'maxLength' in s || 'minLength' in s ? `string of ${codePoints(value)} characters` : 'string';
  }
  if (Array.isArray(value)) return `array of ${value.length} items`;
  // Numbers are quantities, prices or codes: quoting them helps and exposes nobody.
  if (typeof value === 'number') return String(value);
  return jsonType(value);
}

function boundViolation(value: unknown, s: SchemaObject): string | undefined {
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength)
      return `string of at least ${s.minLength} characters`;
    if (typeof s.maxLength === 'number' && length > s.maxLength)
      return `string of at most ${s.maxLength} characters`;
    if (typeof s.pattern === 'string' && !safePattern(s.pattern).test(value))
      return `string matching ${s.pattern}`;
  } else if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) return `number ≥ ${s.minimum}`;
    if (typeof s.maximum === 'number' && value > s.maximum) return `number ≤ ${s.maximum}`;
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      return `number > ${s.exclusiveMinimum}`;
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      return `number < ${s.exclusiveMaximum}`;
    if (typeof s.multipleOf === 'number' && !Number.isInteger(value / s.multipleOf))
      return `multiple of ${s.multipleOf}`;
  } else if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      return `array of at least ${s.minItems} items`;
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      return `array of at most ${s.maxItems} items`;
  }
  return undefined;
}

const patterns = new Map<string, RegExp>();
function safePattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = /(?:)/;
    }
    patterns.set(source, re);
  }
  return re;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Appends one reference token to a JSON Pointer, escaped as RFC 6901 says. */
export function child(pointer: string, token: string): string {
  if (token.includes('~') || token.includes('/')) token = token.replaceAll('~', '~0').replaceAll('/', '~1');
  return `${pointer}/${token}`;
}

/** Length in Unicode code points, as JSON Schema counts it (a surrogate pair is one character). */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) count--;
  }
  return count;
}
