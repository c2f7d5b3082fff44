// An example validator independent of Redocly: ajv in JSON Schema draft 2020-12 mode (OpenAPI 3.1's dialect).
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isObject, type Json, type JsonObject, pointer } from './spec.js';

export function createAjv(spec: JsonObject): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  // OpenAPI keywords that are annotations, not assertions.
  for (const keyword of ['example', 'xml', 'externalDocs', 'discriminator']) ajv.addKeyword(keyword);
  ajv.addSchema({ ...spec, $id: 'openapi.json' } as object, 'openapi.json');
  return ajv;
}

/** Points a schema's local `#/...` references at the whole document registered under `openapi.json`. */
export function anchored(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(anchored);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `openapi.json${value}`
        : anchored(value);
  }
  return out;
}

/**
 * Inlines every reference and forbids properties a schema does not declare, unless it says otherwise
 * (`additionalProperties`). `unevaluatedProperties` sees through `allOf`, which Redocly's
 * `allowAdditionalProperties: false` does not, so a typo in an example of a composed schema still fails.
 */
export function closed(spec: JsonObject, schema: Json, insideAllOf = false, depth = 0): Json {
  if (depth > 60) throw new Error('schema nests too deeply (a reference cycle?)');
  if (Array.isArray(schema)) return schema.map((s) => closed(spec, s, false, depth + 1));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    return closed(spec, pointer(spec, schema.$ref), insideAllOf, depth + 1);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'allOf' && Array.isArray(value))
      out.allOf = value.map((s) => closed(spec, s, true, depth + 1));
    // A oneOf that is itself one part of an allOf, or sits beside the properties it picks from, adds to the
    // whole: close the whole, not the branch.
    else if (key === 'oneOf' && Array.isArray(value) && (insideAllOf || 'properties' in schema))
      out.oneOf = value.map((s) => closed(spec, s, true, depth + 1));
    else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, closed(spec, s, false, depth + 1)]),
      );
    } else if (key === 'examples' || key === 'example') out[key] = value;
    else out[key] = closed(spec, value, false, depth + 1);
  }
  const isObjectSchema = 'properties' in out || 'allOf' in out;
  if (
    isObjectSchema &&
    !insideAllOf &&
    !('additionalProperties' in out) &&
    !('unevaluatedProperties' in out)
  ) {
    out.unevaluatedProperties = false;
  }
  return out;
}
