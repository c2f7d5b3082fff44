// Loads the bundled spec and walks it: every operation, every example with the schema it claims to match.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const distUrl = new URL('../../dist/', import.meta.url);

export function loadBundle(): JsonObject {
  return JSON.parse(readFileSync(new URL('openapi.json', distUrl), 'utf8')) as JsonObject;
}

export function loadBundleYaml(): JsonObject {
  return parse(readFileSync(new URL('openapi.yaml', distUrl), 'utf8')) as JsonObject;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Operation {
  where: string;
  kind: 'path' | 'webhook';
  key: string;
  method: string;
  op: JsonObject;
}

export function operations(spec: JsonObject): Operation[] {
  const found: Operation[] = [];
  for (const kind of ['path', 'webhook'] as const) {
    const items = (spec[kind === 'path' ? 'paths' : 'webhooks'] ?? {}) as JsonObject;
    for (const [key, item] of Object.entries(items)) {
      for (const method of HTTP_METHODS) {
        const op = (item as JsonObject)[method];
        if (op)
          found.push({
            where: `${kind} ${method.toUpperCase()} ${key}`,
            kind,
            key,
            method,
            op: op as JsonObject,
          });
      }
    }
  }
  return found;
}

/** Follows local `#/components/...` references (the bundle keeps them). */
export function resolve<T extends Json>(spec: JsonObject, node: T): T {
  let current: Json = node;
  for (let hops = 0; hops < 20 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`unexpected non-local $ref ${ref}`);
    current = pointer(spec, ref);
  }
  return current as T;
}

/** The node a local reference such as `#/components/schemas/Envelope` points at. */
export function pointer(spec: JsonObject, ref: string): Json {
  let at: Json = spec;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const next: Json | undefined = isObject(at) ? at[part] : undefined;
    if (next === undefined) throw new Error(`$ref ${ref} points at nothing (no "${part}")`);
    at = next;
  }
  return at;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Example {
  where: string;
  schema: Json;
  value: Json;
}

/** Every example in the document, paired with the schema it documents. */
export function examples(spec: JsonObject): Example[] {
  const found: Example[] = [];
  const fromMedia = (where: string, media: JsonObject): void => {
    const schema = media.schema;
    if (schema === undefined) return;
    if ('example' in media) found.push({ where: `${where} example`, schema, value: media.example });
    for (const [name, ex] of Object.entries((media.examples ?? {}) as JsonObject)) {
      const resolved = resolve(spec, ex) as JsonObject;
      if ('value' in resolved)
        found.push({ where: `${where} examples.${name}`, schema, value: resolved.value });
    }
  };
  const fromParameter = (where: string, param: JsonObject): void => {
    const p = resolve(spec, param);
    const name = `${where} parameter ${p.name}`;
    if ('example' in p && p.schema)
      found.push({ where: `${name} example`, schema: p.schema, value: p.example as Json });
    for (const [exName, ex] of Object.entries((p.examples ?? {}) as JsonObject)) {
      found.push({
        where: `${name} examples.${exName}`,
        schema: p.schema as Json,
        value: (resolve(spec, ex) as JsonObject).value as Json,
      });
    }
  };
  for (const { where, op } of operations(spec)) {
    for (const param of (op.parameters ?? []) as JsonObject[]) fromParameter(where, param);
    const body = op.requestBody ? resolve(spec, op.requestBody as JsonObject) : undefined;
    for (const [type, media] of Object.entries((body?.content ?? {}) as JsonObject)) {
      fromMedia(`${where} request ${type}`, media as JsonObject);
    }
    for (const [status, response] of Object.entries((op.responses ?? {}) as JsonObject)) {
      const r = resolve(spec, response as JsonObject);
      for (const [type, media] of Object.entries((r.content ?? {}) as JsonObject)) {
        fromMedia(`${where} response ${status} ${type}`, media as JsonObject);
      }
    }
  }
  const components = (spec.components ?? {}) as JsonObject;
  for (const [name, schema] of Object.entries((components.schemas ?? {}) as JsonObject)) {
    for (const [i, value] of (((schema as JsonObject).examples ?? []) as Json[]).entries()) {
      found.push({ where: `schema ${name} examples[${i}]`, schema, value });
    }
  }
  for (const [name, param] of Object.entries((components.parameters ?? {}) as JsonObject)) {
    fromParameter(`components.parameters.${name}`, param as JsonObject);
  }
  return found;
}

/** Every schema node reachable in the document (components, inline), with a JSON-pointer-ish location. */
export function walk(node: Json, visit: (value: JsonObject, path: string) => void, path = '#'): void {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walk(child, visit, `${path}/${i}`);
  } else if (isObject(node)) {
    visit(node, path);
    for (const [key, child] of Object.entries(node)) walk(child, visit, `${path}/${key}`);
  }
}
