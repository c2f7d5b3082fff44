// Reads the bundled Daji spec the mock serves, and the example request of each operation in it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const specPath = createRequire(import.meta.url).resolve('@daji-openapi/spec/dist/openapi.json');
export const spec = JSON.parse(readFileSync(specPath, 'utf8')) as JsonObject;

export const CREDENTIAL_NAMES = new Set(['appKey', 'sign', 'appSecret']);

export interface Operation {
  operationId: string;
  method: 'get' | 'post';
  path: string;
  /** Query parameters with their example values (credentials left out). */
  query: Record<string, string>;
  /** Names of the required query parameters (credentials left out). */
  requiredQuery: string[];
  body?: { mediaType: string; example: JsonObject; required: string[] };
  /** JSON pointer (inside the spec) of the 200 response's JSON schema. */
  responseSchemaPointer: string;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows `$ref` chains (`#/...` only) to the object they name. */
export function deref(value: Json): Json {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${current.$ref}`);
    current = resolvePointer(current.$ref);
  }
  return current;
}

export function resolvePointer(ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local references are expected in the bundle, got ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<Json>((node, key) => {
      if (!isObject(node) || !(key in node)) throw new Error(`${ref} does not resolve`);
      return node[key]!;
    }, spec);
}

function escapePointer(part: string): string {
  return part.replaceAll('~', '~0').replaceAll('/', '~1');
}

function exampleOf(holder: JsonObject): Json | undefined {
  if ('example' in holder) return holder.example!;
  if (isObject(holder.examples)) {
    const first = Object.values(holder.examples)[0];
    if (first !== undefined) return (deref(first) as JsonObject).value;
  }
  const schema = isObject(holder.schema) ? (deref(holder.schema) as JsonObject) : undefined;
  if (schema && 'example' in schema) return schema.example!;
  if (schema && Array.isArray(schema.examples)) return schema.examples[0];
  return undefined;
}

/** Every `required` name of a schema, through `$ref` and `allOf`. */
function requiredOf(schema: Json): string[] {
  const resolved = deref(schema);
  if (!isObject(resolved)) return [];
  const own = Array.isArray(resolved.required) ? (resolved.required as string[]) : [];
  const inherited = Array.isArray(resolved.allOf) ? resolved.allOf.flatMap(requiredOf) : [];
  return [...new Set([...own, ...inherited])];
}

export function operations(): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    for (const method of ['get', 'post'] as const) {
      const op = (item as JsonObject)[method];
      if (!isObject(op)) continue;
      const query: Record<string, string> = {};
      const requiredQuery: string[] = [];
      for (const raw of (op.parameters ?? []) as Json[]) {
        const parameter = deref(raw) as JsonObject;
        const name = parameter.name as string;
        if (parameter.in !== 'query' || CREDENTIAL_NAMES.has(name)) continue;
        if (parameter.required) requiredQuery.push(name);
        const example = exampleOf(parameter);
        if (example !== undefined)
          query[name] = typeof example === 'string' ? example : JSON.stringify(example);
      }
      let body: Operation['body'];
      if (isObject(op.requestBody)) {
        const content = (deref(op.requestBody) as JsonObject).content as JsonObject;
        const [mediaType, media] = Object.entries(content)[0]!;
        const example = exampleOf(media as JsonObject);
        if (!isObject(example)) throw new Error(`${op.operationId}: the request body has no example object`);
        const required = requiredOf((media as JsonObject).schema!).filter(
          (name) => !CREDENTIAL_NAMES.has(name),
        );
        body = { mediaType, example, required };
      }
      let responsePointer = `#/paths/${escapePointer(path)}/${method}/responses/200`;
      const response = (op.responses as JsonObject)['200'];
      if (isObject(response) && typeof response.$ref === 'string') responsePointer = response.$ref;
      found.push({
        operationId: op.operationId as string,
        method,
        path,
        query,
        requiredQuery,
        body,
        responseSchemaPointer: `${responsePointer}/content/application~1json/schema`,
      });
    }
  }
  return found;
}
