// The spec as @daji-openapi/client/validate needs it at run time: every operation's answers and the
// schemas they reach, reduced to the keywords that validate (no descriptions, examples or extensions).

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// $ref and the keywords @daji-openapi/conformance validates (its VALIDATION_KEYWORDS): kept as a copy
// because this script runs at generate time, before that package is built.
const KEYWORDS = new Set([
  '$ref',
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
]);

function compact(schema, refs) {
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEYWORDS.has(key)) continue;
    if (key === '$ref') {
      refs.add(value);
      out[key] = value;
    } else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, compact(s, refs)]));
    } else if (key === 'allOf' || key === 'oneOf' || key === 'anyOf') {
      out[key] = value.map((s) => compact(s, refs));
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = compact(value, refs);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function resolve(spec, node) {
  let current = node;
  for (let depth = 0; current?.$ref && depth < 16; depth++) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((n, k) => n?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  }
  return current;
}

/** The compact document, ready to be written into src/generated/validator-spec.ts. */
export function validatorSpec(spec) {
  const refs = new Set();
  const paths = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const responses = {};
      for (const [status, raw] of Object.entries(op.responses ?? {})) {
        const media = resolve(spec, raw)?.content?.['application/json'];
        responses[status] = media
          ? { content: { 'application/json': { schema: compact(media.schema ?? {}, refs) } } }
          : {};
      }
      paths[path] = { ...paths[path], [method]: { operationId: op.operationId, responses } };
    }
  }
  // Follow references transitively; each reached schema is kept once, under its own name.
  const schemas = {};
  const pending = [...refs];
  while (pending.length > 0) {
    const ref = pending.pop();
    const name = ref.replace('#/components/schemas/', '');
    if (name === ref || name in schemas) continue;
    const found = new Set();
    schemas[name] = compact(resolve(spec, { $ref: ref }), found);
    pending.push(...found);
  }
  const sorted = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((name) => [name, schemas[name]]),
  );
  return {
    openapi: spec.openapi,
    info: { title: spec.info?.title, version: spec.info?.version },
    paths,
    components: { schemas: sorted },
  };
}

export function renderValidatorSpec(spec, header) {
  return `${header}
import type { OpenApiDocument } from '@daji-openapi/conformance';

export const validatorSpec: OpenApiDocument = ${JSON.stringify(validatorSpec(spec), null, 2)};
`;
}
