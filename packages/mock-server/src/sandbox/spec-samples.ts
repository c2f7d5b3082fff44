// What the sandbox takes from the spec it serves: each operation's success example (the template every
// answer is built on, so answers keep the spec's shape), each push topic's example message, and the name
// of the push signature field. Answers follow whatever spec the server was started with.

import { sampleMessages } from '../push.js';
import type { HttpOperation } from '../request-listener.js';

export type Json = Record<string, unknown>;

export interface SpecSamples {
  /** operationId → the envelope of its first success example. */
  templates: Map<string, Json>;
  /** `${method} ${path}` → operationId. */
  routes: Map<string, string>;
  /** Push topic → its example message, parsed. */
  messages: Map<string, Json>;
  /** The form field that carries a push's signature (`_dj_signature` or `_aop_signature`). */
  signatureField: string;
}

/** The operations the sandbox answers from its state; every other operation answers from the spec's examples. */
export const SANDBOX_OPERATIONS = [
  'keywordSearch',
  'imageSearch',
  'shopSearch',
  'getProductDetail',
  'estimateFreight',
  'getRankingList',
  'getDailySalesTrend',
  'previewOrder',
  'createOrder',
  'getOrderDetail',
  'cancelOrder',
  'confirmReceipt',
  'getPaymentLinks',
  'preparePay',
] as const;
export type SandboxOperation = (typeof SANDBOX_OPERATIONS)[number];

export function readSpecSamples(operations: readonly HttpOperation[], document: unknown): SpecSamples {
  const templates = new Map<string, Json>();
  const routes = new Map<string, string>();
  for (const operation of operations) {
    if (!operation.iid) continue;
    routes.set(`${operation.method} ${operation.path}`, operation.iid);
    const template = successExample(operation);
    if (template) templates.set(operation.iid, template);
  }
  for (const name of SANDBOX_OPERATIONS) {
    if (!templates.has(name) && [...routes.values()].includes(name)) {
      throw new Error(
        `The sandbox needs a success example (an application/json example of the 200 response with code 200) for operation '${name}'; the spec has none.`,
      );
    }
  }
  return {
    templates,
    routes,
    messages: sampleMessages(document),
    signatureField: signatureField(document),
  };
}

function successExample(operation: HttpOperation): Json | undefined {
  const ok = operation.responses.find((response) => response.code === '200');
  for (const content of ok?.contents ?? []) {
    if (!/json/.test(content.mediaType)) continue;
    for (const example of content.examples ?? []) {
      const value = (example as { value?: unknown }).value;
      if (!isObject(value) || value.code !== 200) continue;
      // `data` is an object, or a list (a product's daily sales).
      if ((isObject(value.data) && !hasFailureFlag(value.data)) || Array.isArray(value.data)) {
        return value;
      }
    }
  }
  return undefined;
}

function hasFailureFlag(data: Json): boolean {
  return data.success === false || data.success === 'false';
}

/** The signature field of `PushDelivery` (any field other than `message`), preferring `_dj_signature`. */
function signatureField(document: unknown): string {
  const schemas = (document as { components?: { schemas?: Record<string, Json> } })?.components?.schemas;
  const properties = Object.keys((schemas?.PushDelivery?.properties as Json | undefined) ?? {});
  const candidates = properties.filter((name) => /signature/i.test(name));
  return candidates.find((name) => name === '_dj_signature') ?? candidates[0] ?? '_aop_signature';
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first object (breadth first) in `value` that has the property `key`. */
export function nodeWith(value: unknown, key: string): Json | undefined {
  const queue: unknown[] = [value];
  while (queue.length > 0) {
    const node = queue.shift();
    if (Array.isArray(node)) queue.push(...node);
    else if (isObject(node)) {
      if (key in node) return node;
      queue.push(...Object.values(node));
    }
  }
  return undefined;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
