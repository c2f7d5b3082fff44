/**
 * The build stage: which operation a call is, its per-call options checked, and its body in the form it
 * is sent (a picture becomes base64 text, a multipart body a form).
 */
import { type OperationId, routes } from '../generated/routes.js';
import { imageToBase64, toFormData } from '../upload.js';
import { checkRetries, checkTimeout, type DajiConfig } from './options.js';

const operationOf = new Map<string, OperationId>(
  Object.entries(routes).map(([id, route]) => [
    `${route.method.toUpperCase()} ${route.path}`,
    id as OperationId,
  ]),
);

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  operationId: OperationId | undefined;
  /** The operationId, or the path outside the spec: how messages name the call. */
  name: string;
  /** `keywordSearch (GET /alibaba/product/keywordQuery)`. */
  label: string;
  started: number;
  timeoutMs: number;
  /** 0 unless the operation is safe to repeat. */
  maxRetries: number;
  signal: AbortSignal | undefined;
  fetch: ((request: Request) => Promise<Response>) | undefined;
  query: Record<string, unknown> | undefined;
  body: unknown;
  /** Set for multipart operations. */
  bodySerializer: ((body: Record<string, unknown>) => FormData) | undefined;
  /** openapi-fetch's own options (`params`, `headers` …), passed through. */
  init: Record<string, unknown>;
}

export function buildCall(
  method: 'GET' | 'POST',
  path: string,
  init: Record<string, unknown>,
  config: DajiConfig,
): Call {
  const operationId = operationOf.get(`${method} ${path}`);
  const route = operationId ? (routes[operationId] as { body?: string; idempotent?: boolean }) : undefined;
  const name = operationId ?? path;
  const { timeoutMs, maxRetries, signal, parseAs: _parseAs, fetch, ...rest } = init;
  return {
    method,
    path,
    operationId,
    name,
    label: operationId ? `${operationId} (${method} ${path})` : `${method} ${path}`,
    started: Date.now(),
    timeoutMs: timeoutMs === undefined ? config.timeoutMs : checkTimeout(`${name}: timeoutMs`, timeoutMs),
    maxRetries: !route?.idempotent
      ? 0
      : maxRetries === undefined
        ? config.maxRetries
        : checkRetries(`${name}: maxRetries`, maxRetries),
    signal: signal as AbortSignal | undefined,
    fetch: (fetch as Call['fetch']) ?? config.fetch,
    query: (rest.params as { query?: Record<string, unknown> } | undefined)?.query,
    body: rest.body,
    bodySerializer: route?.body === 'multipart/form-data' ? toFormData : undefined,
    init: rest,
  };
}

/** The body of a multipart call as it is sent: its picture as checked base64 text. */
export async function prepareBody(call: Call): Promise<unknown> {
  const { body } = call;
  if (!body || typeof body !== 'object') return body;
  const fields = { ...(body as Record<string, unknown>) };
  if (fields.image_base64 !== undefined && fields.image_base64 !== null) {
    fields.image_base64 = await imageToBase64(
      fields.image_base64 as never,
      `${call.name}: body.image_base64`,
    );
  }
  return fields;
}
