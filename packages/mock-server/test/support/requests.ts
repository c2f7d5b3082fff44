// Builds Daji requests by hand, signed with signParams — as a client of the real API would, without the
// client package (which depends on this one, not the other way round).
import { signParams } from '@daji-openapi/retry-policies';
import type { JsonObject, Operation } from './spec.js';

export const app = { appKey: 'demoKey123', appSecret: 'demoSecret456' };

type Params = Record<string, unknown>;

/** `params` plus `appKey` and a correct `sign`. */
export function signed(params: Params, credentials = app): Params {
  const withKey = { ...withoutCredentials(params), appKey: credentials.appKey };
  return { ...withKey, sign: signParams(withKey, credentials.appSecret) };
}

/** `params` plus `appKey` and the raw `appSecret` (Daji's debug mode). */
export function debugSigned(params: Params, credentials = app): Params {
  return { ...withoutCredentials(params), appKey: credentials.appKey, appSecret: credentials.appSecret };
}

export function withoutCredentials(params: Params): Params {
  const { appKey: _k, sign: _s, appSecret: _a, ...rest } = params;
  return rest;
}

/** A fetch of `path` carrying `params` where Daji reads them for this kind of request. */
export function send(
  baseUrl: string,
  method: 'get' | 'post',
  path: string,
  params: Params,
  mediaType = 'application/json',
  headers: Record<string, string> = {},
): Promise<Response> {
  if (method === 'get') {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    return fetch(`${baseUrl}${path}?${query}`, { headers });
  }
  if (mediaType === 'multipart/form-data') {
    const form = new FormData();
    for (const [k, v] of Object.entries(params)) form.append(k, String(v));
    return fetch(`${baseUrl}${path}`, { method: 'POST', body: form, headers });
  }
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': mediaType, ...headers },
    body: JSON.stringify(params),
  });
}

/** The operation's example parameters (query or body), credentials left out. */
export function exampleParams(operation: Operation): JsonObject {
  return operation.body
    ? (withoutCredentials(operation.body.example) as JsonObject)
    : (operation.query as unknown as JsonObject);
}

export function sendExample(baseUrl: string, operation: Operation, params: Params): Promise<Response> {
  return send(baseUrl, operation.method, operation.path, params, operation.body?.mediaType);
}
