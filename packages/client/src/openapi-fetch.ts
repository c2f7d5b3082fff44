import * as openapiFetch from 'openapi-fetch';

/**
 * openapi-fetch's `createClient`, whichever module system loaded it. openapi-fetch exports it only as
 * `default`; compiled to CommonJS, a default import of a CommonJS module that sets `__esModule` arrives
 * one level deeper (`require('openapi-fetch').default`), so a plain default import breaks under require.
 */
type CreateClient = typeof openapiFetch.default;
const candidate = openapiFetch.default as CreateClient | { default: CreateClient };
export const createClient: CreateClient = typeof candidate === 'function' ? candidate : candidate.default;
