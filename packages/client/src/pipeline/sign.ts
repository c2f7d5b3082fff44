/**
 * Signing, from the request's own fields before they are serialized: the query of a GET, the top-level
 * properties of a JSON body, the fields of a multipart form. Daji reads credentials where it reads the
 * other parameters, so they are added there: `appKey` and `sign` (or, in debug mode, the raw `appSecret`).
 */
import { type SignPair, signPairs, signParamsUnchecked } from '@daji-openapi/retry-policies';
import { encodePairs } from '../query.js';

const CREDENTIALS = new Set(['appKey', 'sign', 'appSecret']);

export interface Signer {
  /** A query's `[name, text]` pairs, serialized with the credentials appended. */
  pairs(pairs: readonly SignPair[]): string;
  /** A serialized query (no `?`) with the credentials appended. */
  query(query: string): string;
  /** JSON body or form fields with the credentials added. */
  fields(fields: Record<string, unknown>): Record<string, unknown>;
  /** A GET whose query middleware changed after signing, signed again; any other request as it is. */
  again(request: Request): Request;
  /** The `sign` in a URL's query, if any. */
  signOf(url: string): string | undefined;
}

/**
 * @example createSigner('demoKey123', 'demoSecret456', 'sign').query('keyword=%E8%BF%9E')
 * // 'keyword=%E8%BF%9E&appKey=demoKey123&sign=…'
 */
export function createSigner(appKey: string, appSecret: string, mode: 'sign' | 'debug-secret'): Signer {
  const debug = mode === 'debug-secret';
  const credentials = debug
    ? `appKey=${encodeURIComponent(appKey)}&appSecret=${encodeURIComponent(appSecret)}`
    : `appKey=${encodeURIComponent(appKey)}&sign=`;
  return {
    pairs(pairs) {
      // Credentials already there (signed before middleware changed the query) are replaced.
      const kept = pairs.filter((pair) => !CREDENTIALS.has(pair[0]));
      const head = kept.length ? `${encodePairs(kept)}&` : '';
      if (debug) return `${head}${credentials}`;
      kept.push(['appKey', appKey]);
      return `${head}${credentials}${signPairs(kept, appSecret)}`;
    },
    query(query) {
      return this.pairs([...new URLSearchParams(query)]);
    },
    fields(fields) {
      const out: Record<string, unknown> = {};
      for (const name in fields) if (!CREDENTIALS.has(name)) out[name] = fields[name];
      out.appKey = appKey;
      if (debug) out.appSecret = appSecret;
      // The secret was checked when the client was made, and `out` is a plain object made here.
      else out.sign = signParamsUnchecked(out, appSecret);
      return out;
    },
    again(request) {
      if (request.body !== null) return request;
      const url = new URL(request.url);
      const query = url.search.slice(1);
      const signed = this.query(query);
      if (signed === query) return request;
      url.search = signed;
      return new Request(url, request);
    },
    signOf(url) {
      return /[?&]sign=([0-9A-F]{32})(?:&|$)/.exec(url)?.[1];
    },
  };
}
