/**
 * The MD5 that `signParams` uses. This file is the browser/edge default; the Node build of the package
 * swaps it for `md5-node.ts` (see tsup.config.ts), so browser bundles never import a Node built-in.
 */
export { md5HexPortable as md5Hex } from './md5-portable.js';

/** Which MD5 `md5Hex` and the middleware run on in this build: `'pure-js'` or `'node:crypto'`. */
export const md5Backend: 'node:crypto' | 'pure-js' = 'pure-js';
