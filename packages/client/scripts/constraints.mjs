// Turns the request side of the bundled spec into src/generated/constraints.ts: for every operation, the
// rules its query and body must meet, in a small subset of JSON Schema that src/constraints.ts enforces.
// A keyword the client cannot enforce stops generation, so no declared request rule is silently skipped.

import { MANGLED_PROPS } from './mangled-props.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** Filled in by the client after the checks run; callers never pass them. */
export const CREDENTIALS = new Set(['appKey', 'sign', 'appSecret']);
/** Keywords that describe but never constrain. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'deprecated',
  'default',
  'readOnly',
  'writeOnly',
  '$comment',
  'discriminator',
  'externalDocs',
  'xml',
  'contentMediaType',
  'contentEncoding',
]);
/** Assertions kept as they are (plus type, items, properties, required, anyOf and oneOf, handled below). */
const KEPT = [
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
];
/** Formats the client checks; any other format is an annotation (JSON Schema's default). */
export const ENFORCED_FORMATS = new Set(['uri', 'int32', 'int64']);

function lookup(spec, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref} is not supported; bundle the spec first`);
  let node = spec;
  for (const part of ref.slice(2).split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`$ref ${ref} points nowhere`);
  return node;
}

/**
 * Compiles schemas into plain rule objects. Component schemas referenced from a property or an array
 * become named constants (`{ $const: name }` here), so a rule shared by many operations is written once.
 */
class Compiler {
  constructor(spec) {
    this.spec = spec;
    this.consts = new Map(); // name → rule, in dependency order
    this.compiling = new Set();
    this.shortcuts = new Map(); // parameter component name → its rule or constant
  }

  /** A referenced component, as a constant when it constrains anything. */
  reference(ref, where) {
    const name = ref
      .split('/')
      .pop()
      .replace(/[^A-Za-z0-9_$]/g, '_');
    if (this.consts.has(name)) return this.consts.get(name) ? { $const: name } : {};
    if (this.compiling.has(name)) throw new Error(`${where}: recursive schema ${ref} is not supported`);
    this.compiling.add(name);
    const rule = this.compile(lookup(this.spec, ref), where);
    this.compiling.delete(name);
    const empty = Object.keys(rule).length === 0;
    this.consts.set(name, empty ? undefined : rule);
    return empty ? {} : { $const: name };
  }

  /** A component compiled by `build`, as a constant (or its rule inline when it is just a reference). */
  shared(ref, build) {
    const name = ref
      .split('/')
      .pop()
      .replace(/[^A-Za-z0-9_$]/g, '_');
    if (!this.shortcuts.has(name)) {
      const rule = build();
      // A component that only points at another is written as that one; an empty one as `{}`.
      if (rule.$const || !Object.keys(rule).length) this.shortcuts.set(name, rule);
      else {
        this.consts.set(name, rule);
        this.shortcuts.set(name, { $const: name });
      }
    }
    return this.shortcuts.get(name);
  }

  /** The rule itself (not a constant), for merging allOf branches and reading parameters. */
  inline(schema, where) {
    return schema.$ref ? this.compile(lookup(this.spec, schema.$ref), where) : this.compile(schema, where);
  }

  compile(schema, where) {
    if (schema === true || schema === undefined) return {};
    if (schema === false)
      throw new Error(`${where}: the schema \`false\` (nothing allowed) is not supported`);
    if (schema.$ref) {
      const extra = Object.keys(schema).filter(
        (k) => k !== '$ref' && !ANNOTATIONS.has(k) && !k.startsWith('x-'),
      );
      if (extra.length)
        throw new Error(`${where}: keywords beside $ref (${extra.join(', ')}) are not supported`);
      return this.reference(schema.$ref, where);
    }
    let rule = {};
    for (const [key, value] of Object.entries(schema)) {
      if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
      if (KEPT.includes(key)) {
        rule[key] = value;
        continue;
      }
      switch (key) {
        case 'type':
          // One type per field: null is never sent (the client leaves null fields out), so no request
          // field needs a list of types.
          if (typeof value !== 'string') unsupported(where, 'type with a list of types');
          rule.type = value;
          break;
        case 'nullable': // OpenAPI 3.0 spelling
          if (value) unsupported(where, 'nullable');
          break;
        case 'format':
          if (ENFORCED_FORMATS.has(value)) rule.format = value;
          break;
        case 'required':
          rule.required = value;
          break;
        case 'properties':
          rule.properties = Object.fromEntries(
            Object.entries(value).map(([name, sub]) => [name, this.compile(sub, `${where}.${name}`)]),
          );
          break;
        case 'items':
          rule.items = this.compile(value, `${where}[]`);
          break;
        case 'additionalProperties':
        case 'unevaluatedProperties':
          if (value === false) rule.additionalProperties = false;
          else if (value !== true && Object.keys(value).some((k) => !ANNOTATIONS.has(k)))
            throw new Error(`${where}: ${key} with a schema is not supported`);
          break;
        case 'anyOf':
        case 'oneOf':
          rule[key] = value.map((branch, i) => this.compile(branch, `${where}<${key}[${i}]>`));
          break;
        case 'allOf':
          break; // merged below
        default:
          unsupported(where, key);
      }
    }
    for (const [i, branch] of (schema.allOf ?? []).entries()) {
      rule = merge(rule, this.inline(branch, `${where}<allOf[${i}]>`), where);
    }
    return rule;
  }
}

function unsupported(where, keyword) {
  throw new Error(
    `${where}: the client's pre-send checks do not enforce \`${keyword}\`. Teach scripts/constraints.mjs ` +
      'and src/constraints.ts to enforce it, or express the rule with supported keywords.',
  );
}

/** Both rules at once (allOf). Properties and required lists are combined; other keywords must agree. */
function merge(a, b, where) {
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (key === 'properties') {
      out.properties = { ...out.properties };
      for (const [name, sub] of Object.entries(value)) {
        if (out.properties[name] && JSON.stringify(out.properties[name]) !== JSON.stringify(sub)) {
          out.properties[name] = merge(out.properties[name], sub, `${where}.${name}`);
        } else {
          out.properties[name] = sub;
        }
      }
    } else if (key === 'required') {
      out.required = [...new Set([...(out.required ?? []), ...value])];
    } else if (key === 'additionalProperties') {
      out.additionalProperties = false;
    } else if (out[key] !== undefined && JSON.stringify(out[key]) !== JSON.stringify(value)) {
      throw new Error(`${where}: allOf branches disagree on \`${key}\`; merge them in the spec`);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function withoutCredentials(rule) {
  if (!rule.properties) return rule;
  const properties = Object.fromEntries(Object.entries(rule.properties).filter(([n]) => !CREDENTIALS.has(n)));
  const required = (rule.required ?? []).filter((n) => !CREDENTIALS.has(n));
  const out = { ...rule, properties };
  if (required.length) out.required = required;
  else delete out.required;
  return out;
}

function parameterRule(compiler, param, where) {
  // A parameter with `content` (e.g. JSON text in the query) would need its text parsed before checking.
  if (param.content) unsupported(where, 'content');
  return compiler.compile(param.schema, where);
}

/** The rules of one operation: `{ query?, body? }`, each an object rule; undefined when it has none. */
function operationRules(compiler, op) {
  const id = op.operationId;
  const rules = {};
  const query = { type: 'object', properties: {}, required: [] };
  for (const raw of op.parameters ?? []) {
    const param = raw.$ref ? lookup(compiler.spec, raw.$ref) : raw;
    if (param.in !== 'query' || CREDENTIALS.has(param.name)) continue;
    const where = `${id} query.${param.name}`;
    // A shared parameter component becomes a constant too, named after the component.
    query.properties[param.name] = raw.$ref
      ? compiler.shared(raw.$ref, () => parameterRule(compiler, param, where))
      : parameterRule(compiler, param, where);
    if (param.required) query.required.push(param.name);
  }
  if (!query.required.length) delete query.required;
  // Rules over several query parameters at once (OpenAPI cannot state them), e.g. "imageId or imageAddress".
  const across = op['x-daji-query-schema'];
  if (across) Object.assign(query, merge(query, compiler.compile(across, `${id} query`), `${id} query`));
  if (Object.keys(query.properties).length) rules.query = query;
  const content = op.requestBody?.content;
  if (content) {
    const [type, media] = Object.entries(content)[0];
    // Credentials are left out before compiling, so their rules never become unused constants.
    const schema = media.schema?.$ref ? lookup(compiler.spec, media.schema.$ref) : (media.schema ?? {});
    const body = withoutCredentials(compiler.inline(withoutCredentials(schema), `${id} body`));
    if (op.requestBody.required && !/form-data/.test(type)) body.present = true;
    rules.body = body;
  }
  return Object.keys(rules).length ? rules : undefined;
}

// ---- printing ---------------------------------------------------------------------------------------

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `fields`: `value` maps field names to rules (a `properties`), rather than being a rule. */
function print(value, indent, fields = false) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (value.$const) return value.$const;
    const pad = '  '.repeat(indent + 1);
    const entries = Object.entries(value).map(([key, sub]) => {
      // A field named like a rule keyword is quoted, so the build's shortening of keywords never renames it.
      const name = IDENT.test(key) && !(fields && MANGLED_PROPS.includes(key)) ? key : quote(key);
      if (key === 'pattern' && !fields) return `${pad}${name}: /${sub.replace(/\//g, '\\/')}/u`;
      return `${pad}${name}: ${print(sub, indent + 1, !fields && key === 'properties')}`;
    });
    if (entries.length === 0) return '{}';
    const flat = `{ ${entries.map((e) => e.trim()).join(', ')} }`;
    if (flat.length + indent * 2 < 100 && !flat.includes('\n')) return flat;
    return `{\n${entries.join(',\n')},\n${'  '.repeat(indent)}}`;
  }
  if (Array.isArray(value)) {
    const flat = `[${value.map((v) => print(v, indent + 1)).join(', ')}]`;
    if (flat.length + indent * 2 < 100 && !flat.includes('\n')) return flat;
    const pad = '  '.repeat(indent + 1);
    return `[\n${value.map((v) => `${pad}${print(v, indent + 1)}`).join(',\n')},\n${'  '.repeat(indent)}]`;
  }
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

function quote(text) {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** The source of src/generated/constraints.ts (after its header). */
export function renderConstraints(spec) {
  const compiler = new Compiler(spec);
  const operations = [];
  for (const item of Object.values(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) operations.push([op.operationId, operationRules(compiler, op)]);
    }
  }
  // Patterns are checked as written in the spec, compiled with the `u` flag as JSON Schema asks.
  for (const [, rules] of operations) if (rules) validatePatterns(rules);
  let consts = [...compiler.consts].filter(([, rule]) => rule).map(([name, rule]) => [name, canonical(rule)]);
  for (const entry of operations) if (entry[1]) entry[1] = mapRules(entry[1], canonical);
  consts = [...shareRepeats(consts, operations), ...consts];
  consts = resolveConstants(consts, operations);
  const lines = [
    "import type { Rule } from '../constraints.js';",
    '',
    ...consts.map(([name, rule]) => `const ${name}: Rule = ${print(rule, 0)};`),
    ...(consts.length ? [''] : []),
    '/** Per operation: the rules of its query parameters and of its body (credentials excepted). */',
    'export const constraints: Record<string, { query?: Rule; body?: Rule } | undefined> = {',
    ...operations.map(([id, rules]) => `  ${id}: ${rules ? print(rules, 1) : 'undefined'},`),
    '};',
    '',
  ];
  return lines.join('\n');
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

// Keywords in one order everywhere, so rules that share keywords print alike and the table compresses well.
const ORDER = [
  'type',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'minItems',
  'maxItems',
  'items',
  'present',
  'additionalProperties',
  'required',
  'properties',
  'anyOf',
  'oneOf',
];

/** `rule` with its keywords in ORDER and its sub-rules likewise; constants stay as they are. */
function canonical(rule) {
  if (rule.$const) return rule;
  const rank = (key) => ORDER.indexOf(key);
  const out = {};
  for (const key of Object.keys(rule).sort((a, b) => rank(a) - rank(b))) out[key] = rule[key];
  if (out.format === 'int32') {
    // A 32-bit format narrows the declared range (or stands in for it when none is declared): it is
    // written as that range, which is all the client checks of it; an enum of int32 values needs none.
    delete out.format;
    const min = Math.max(rule.minimum ?? INT32_MIN, INT32_MIN);
    const max = Math.min(rule.maximum ?? INT32_MAX, INT32_MAX);
    if (!out.enum?.every((v) => v >= min && v <= max)) Object.assign(out, { minimum: min, maximum: max });
    return canonical(out);
  }
  return mapRules(out, canonical);
}

/** `rule` with `f` applied to each of its direct sub-rules (properties, items, anyOf/oneOf branches). */
function mapRules(rule, f) {
  const out = { ...rule };
  if (rule.query) out.query = f(rule.query);
  if (rule.body) out.body = f(rule.body);
  if (rule.properties) {
    out.properties = Object.fromEntries(Object.entries(rule.properties).map(([n, sub]) => [n, f(sub)]));
  }
  if (rule.items) out.items = f(rule.items);
  for (const key of ['anyOf', 'oneOf']) if (rule[key]) out[key] = rule[key].map(f);
  return out;
}

/**
 * A field rule written the same way in several places (a bare `{ type: 'string' }`, an id pattern …)
 * becomes one constant, `Shared<n>`, so the table holds it once. Returns the new constants (they refer
 * to no other constant, so they come first); the rules in `consts` and `operations` are rewritten to use them.
 */
function shareRepeats(consts, operations) {
  const counts = new Map();
  const count = (rule) => {
    if (rule.$const) return rule;
    const key = JSON.stringify(rule);
    if (!key.includes('"$const"')) counts.set(key, (counts.get(key) ?? 0) + 1);
    return mapRules(rule, count);
  };
  // An operation's query or body is counted by its parts only; a named constant equal to a shared rule
  // stays, as another name for it (`const OrderId: Rule = Shared1`).
  const parts = (f) => (rule) => mapRules(rule, f);
  for (const [, rule] of consts) count(rule);
  for (const [, rules] of operations) if (rules) mapRules(rules, parts(count));
  const shared = new Map();
  for (const [key, n] of counts) if (n > 2) shared.set(key, { $const: `Shared${shared.size + 1}` });
  const use = (rule) => shared.get(JSON.stringify(rule)) ?? mapRules(rule, use);
  for (const entry of consts) entry[1] = use(entry[1]);
  for (const entry of operations) if (entry[1]) entry[1] = mapRules(entry[1], parts(use));
  return [...shared].map(([key, { $const }]) => [$const, JSON.parse(key)]);
}

/**
 * Fewer names, which compresses best: a named constant equal to a shared rule is written as that rule's
 * name, and one used in a single place is written there. Returns the constants still needed; the rules in
 * `operations` are rewritten to match.
 */
function resolveConstants(consts, operations) {
  const aliases = new Map(
    consts.filter(([, rule]) => rule.$const).map(([name, rule]) => [name, rule.$const]),
  );
  const uses = new Map();
  const count = (rule) => {
    const name = rule.$const && (aliases.get(rule.$const) ?? rule.$const);
    if (name) uses.set(name, (uses.get(name) ?? 0) + 1);
    else mapRules(rule, count);
    return rule;
  };
  for (const [name, rule] of consts) if (!aliases.has(name)) count(rule);
  for (const [, rules] of operations) if (rules) mapRules(rules, count);
  const inlined = new Map(consts.filter(([name]) => uses.get(name) === 1 && !name.startsWith('Shared')));
  const resolve = (rule) => {
    if (!rule.$const) return mapRules(rule, resolve);
    const name = aliases.get(rule.$const) ?? rule.$const;
    return inlined.has(name) ? resolve(inlined.get(name)) : { $const: name };
  };
  for (const entry of operations) if (entry[1]) entry[1] = mapRules(entry[1], resolve);
  return consts
    .filter(([name]) => !aliases.has(name) && !inlined.has(name))
    .map(([name, rule]) => [name, mapRules(rule, resolve)]);
}

function validatePatterns(rule) {
  if (!rule || typeof rule !== 'object') return;
  if (typeof rule.pattern === 'string') new RegExp(rule.pattern, 'u');
  for (const value of Object.values(rule)) if (value && typeof value === 'object') validatePatterns(value);
}
