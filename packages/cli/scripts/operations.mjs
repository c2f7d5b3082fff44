// Writes dist/operations.json: every operation of the bundled Daji spec with the parameters a user types
// (query parameters, or the top-level fields of the body), their types, limits, descriptions and
// examples. `daji ops` lists it; `daji call` checks a request against it before anything is sent.
// Credentials (appKey, sign, appSecret) are left out: the client adds them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const specDir = dirname(require.resolve('@daji-openapi/spec/package.json'));
const source = join(specDir, 'dist', 'openapi.json');
if (!existsSync(source)) {
  console.error(
    `operations: ${source} does not exist. Run \`pnpm --filter @daji-openapi/spec bundle\` first.`,
  );
  process.exit(1);
}
const spec = JSON.parse(readFileSync(source, 'utf8'));
const CREDENTIALS = new Set(['appKey', 'sign', 'appSecret']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function resolve(node, seen = new Set()) {
  let current = node;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) throw new Error(`circular $ref ${current.$ref}`);
    seen.add(current.$ref);
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
}

/**
 * An object schema's properties and required names, with allOf parts merged. A oneOf of objects (e.g.
 * the order id as `orderId` or as `tradeID`) adds each alternative's properties as optional fields and
 * records the alternatives' required names: exactly one group must be given.
 */
function objectShape(schema) {
  const s = resolve(schema) ?? {};
  const properties = { ...(s.properties ?? {}) };
  const required = new Set(s.required ?? []);
  const oneOf = [];
  for (const part of s.allOf ?? []) {
    const shape = objectShape(part);
    Object.assign(properties, shape.properties);
    for (const name of shape.required) required.add(name);
    oneOf.push(...shape.oneOf);
  }
  const alternatives = (s.oneOf ?? s.anyOf ?? []).map((alternative) => objectShape(alternative));
  if (alternatives.length > 0) {
    for (const alternative of alternatives) Object.assign(properties, alternative.properties);
    oneOf.push(alternatives.map((alternative) => [...alternative.required]));
  }
  return { properties, required, oneOf };
}

/** The type words of a schema: `string`, `integer`, `array`, `object`, or several joined by `|`. */
function typeOf(schema) {
  const s = resolve(schema) ?? {};
  if (Array.isArray(s.type)) return s.type.filter((t) => t !== 'null').join('|');
  if (s.type) return s.type;
  const variants = s.oneOf ?? s.anyOf;
  if (variants) return [...new Set(variants.map(typeOf))].join('|');
  if (s.allOf) return s.allOf.map(typeOf).find((t) => t !== 'any') ?? 'object';
  if (s.properties) return 'object';
  return 'any';
}

function firstLine(text) {
  if (typeof text !== 'string') return undefined;
  const line = text.trim().split('\n')[0].trim();
  return line === '' ? undefined : line;
}

function field(name, schemaNode, { required, description, example }) {
  const s = resolve(schemaNode) ?? {};
  const out = { name, type: typeOf(s), required: Boolean(required) };
  for (const key of ['format', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern']) {
    if (s[key] !== undefined) out[key] = s[key];
  }
  const note = firstLine(description ?? s.description);
  if (note) out.description = note;
  const sample = example ?? s.example ?? s.examples?.[0];
  if (sample !== undefined && (typeof sample !== 'object' || sample === null)) out.example = sample;
  return out;
}

function bodyExample(media) {
  const first = media.examples ? Object.values(media.examples)[0] : undefined;
  const value = resolve(first)?.value ?? media.example;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !CREDENTIALS.has(key)));
}

const operations = [];
for (const [path, item] of Object.entries(spec.paths ?? {})) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve(p));
    const query = params
      .filter((p) => p.in === 'query' && !CREDENTIALS.has(p.name))
      .map((p) => field(p.name, p.schema, p));
    const entry = {
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      summary: firstLine(op.summary) ?? firstLine(op.description) ?? '',
      tag: op.tags?.[0] ?? '',
      query,
    };
    // Rules over several query parameters (x-daji-query-schema), e.g. image search's imageId or imageAddress.
    const across = op['x-daji-query-schema'];
    const alternatives = across?.anyOf ?? across?.oneOf;
    if (alternatives) entry.queryAnyOf = alternatives.map((branch) => branch.required);
    const content = resolve(op.requestBody)?.content;
    if (content) {
      const [contentType, media] = Object.entries(content)[0];
      const { properties, required, oneOf } = objectShape(media.schema);
      entry.body = {
        contentType,
        required: Boolean(resolve(op.requestBody).required),
        ...(oneOf.length > 0 && { oneOf }),
        fields: Object.entries(properties)
          .filter(([name]) => !CREDENTIALS.has(name))
          .map(([name, schema]) => field(name, schema, { required: required.has(name) })),
      };
      const example = bodyExample(media);
      if (example) entry.body.example = example;
    }
    operations.push(entry);
  }
}

const target = fileURLToPath(new URL('../dist/operations.json', import.meta.url));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(operations)}\n`);
console.log(`operations: ${operations.length} operations from ${source} -> dist/operations.json`);
