// Checks answers and pushes against the bundled spec with ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect).
// Bodies are parsed the way the client parses them: ids beyond 2^53 become strings, nothing is lost.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseLosslessJson } from '@daji-openapi/client';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const specPath = createRequire(import.meta.url).resolve('@daji-openapi/spec/dist/openapi.json');
export const spec = JSON.parse(readFileSync(specPath, 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
  webhooks: Record<string, unknown>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...spec, $id: 'openapi.json' }, 'openapi.json');

const escapePointer = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');
const cache = new Map<string, ReturnType<typeof ajv.compile>>();

function validator(pointer: string) {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
    cache.set(pointer, validate);
  }
  return validate;
}

/** Errors of a 200 answer of `method path` against the spec's response schema; empty when it conforms. */
export function responseErrors(method: string, path: string, text: string): string[] {
  if (!spec.paths[path]?.[method]) return [`${method.toUpperCase()} ${path} is not in the spec`];
  const validate = validator(
    `/paths/${escapePointer(path)}/${method}/responses/200/content/application~1json/schema`,
  );
  return validate(parseLosslessJson(text)) ? [] : [ajv.errorsText(validate.errors)];
}

/** Errors of a push (the form body as delivered) against PushDelivery and the topic's message schema. */
export function pushErrors(formBody: string): string[] {
  const form = Object.fromEntries(new URLSearchParams(formBody));
  const errors: string[] = [];
  const delivery = validator('/components/schemas/PushDelivery');
  if (!delivery(form)) errors.push(`delivery: ${ajv.errorsText(delivery.errors)}`);
  const message = parseLosslessJson(form.message ?? 'null') as { type?: string } | null;
  const topic = message?.type ?? '';
  if (!spec.webhooks[topic]) return [...errors, `unknown topic ${topic}`];
  const validate = validator(
    `/webhooks/${escapePointer(topic)}/post/requestBody/content/application~1x-www-form-urlencoded/schema/allOf/1/properties/message/contentSchema`,
  );
  if (!validate(message)) errors.push(`${topic}: ${ajv.errorsText(validate.errors)}`);
  return errors;
}

/** The path of an operation in the bundled spec (paths change as the spec follows Daji's wiki). */
export function pathOf(operationId: string): string {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const operation of Object.values(item)) {
      if ((operation as { operationId?: string }).operationId === operationId) return path;
    }
  }
  throw new Error(`operation ${operationId} is not in the spec`);
}

/** Confirm receipt: `/alibaba/trade/receiveGoods/confirm` in Daji's wiki. */
export const RECEIPT_PATH = pathOf('confirmReceipt') as '/alibaba/trade/receivegoods/confirm';
