import { assertSecret, describe, type SignPair } from './canonical.js';
import { readRequestParams } from './request-params.js';
import { signPairs } from './sign.js';

export type SigningMode = 'sign' | 'debug-secret';

export interface SigningMiddlewareOptions {
  /** Your Daji app key. */
  appKey: string;
  /** Your Daji app secret. In `'sign'` mode it only ever enters the MD5, never the request. */
  appSecret: string;
  /**
   * `'sign'` (default) sends `appKey` + `sign`. `'debug-secret'` sends `appKey` + the raw `appSecret`,
   * which Daji accepts for debugging only — the secret then travels in the URL or body.
   */
  mode?: SigningMode;
}

/**
 * The shape openapi-fetch calls (its `Middleware`), declared here so this package does not depend on
 * openapi-fetch at run time.
 */
export interface SigningMiddleware {
  onRequest(context: { request: Request; readonly schemaPath?: string }): Promise<Request>;
  /**
   * Appends the credentials to a serialized query without them (no leading `?`), as `onRequest` would
   * add them to a bodiless request. A client that signs while serializing spares `onRequest` the work:
   * a request whose query is exactly such a result passes unchanged, while a query changed in between
   * (by other middleware) is signed again.
   */
  signQuery(query: string): string;
  /**
   * The `sign` value a Request returned by `onRequest` carries (`undefined` in debug-secret mode), so a
   * client can remove exactly that value from whatever the server echoes back.
   */
  signOf(request: Request): string | undefined;
}

const CREDENTIALS: ReadonlySet<string> = new Set(['appKey', 'sign', 'appSecret']);

/**
 * openapi-fetch middleware that adds Daji credentials to the final serialized request: the query of a
 * GET, the form fields of a multipart/urlencoded body, the top-level properties of a JSON body.
 * Credentials already present are replaced, so a request is signed exactly once however often it passes.
 *
 * ```ts
 * const client = createClient<paths>({ baseUrl: 'https://openapi.dajisaas.com' });
 * client.use(signingMiddleware({ appKey, appSecret }));
 * ```
 */
export function signingMiddleware(options: SigningMiddlewareOptions): SigningMiddleware {
  const { appKey, appSecret, mode } = validate(options);
  // Queries this middleware signed itself and has not seen come back yet. One that arrives unchanged
  // on a bodiless request carries exactly the credentials onRequest would add, so it is passed on as
  // it is, without parsing, hashing and copying it again. Bounded, in case requests never arrive.
  const signed = new Set<string>();
  // Signs of the requests rebuilt with a body; a bodiless request carries its sign in the URL.
  const signs = new WeakMap<Request, string>();
  return {
    async onRequest({ request }) {
      if (request.body === null && signed.delete(request.url.slice(request.url.indexOf('?') + 1)))
        return request;
      const params = await readRequestParams(request);
      const add = credentials(params.pairs, appKey, appSecret, mode);
      const rebuilt = params.rebuild(CREDENTIALS, add);
      const sign = add.find(([key]) => key === 'sign')?.[1];
      if (sign !== undefined && rebuilt.body !== null) signs.set(rebuilt, sign);
      return rebuilt;
    },
    signOf(request) {
      if (mode !== 'sign') return undefined;
      const sign = signs.get(request);
      if (sign !== undefined || request.body !== null) return sign;
      return new URL(request.url).searchParams.get('sign') ?? undefined;
    },
    signQuery(query) {
      const pairs = [...new URLSearchParams(query)];
      // Credentials already in the query are onRequest's to replace: left to it, unsigned here.
      if (pairs.some(([key]) => CREDENTIALS.has(key))) return query;
      const add = credentials(pairs, appKey, appSecret, mode);
      const out = [query, ...add.map(([key, value]) => `${key}=${encodeURIComponent(value)}`)]
        .filter(Boolean)
        .join('&');
      if (signed.size > 999) signed.clear();
      signed.add(out);
      return out;
    },
  };
}

/** What the middleware does, for one request: returns a new, signed Request (the input's body is consumed). */
export async function signRequest(request: Request, options: SigningMiddlewareOptions): Promise<Request> {
  const { appKey, appSecret, mode } = validate(options);
  return addCredentials(request, appKey, appSecret, mode);
}

async function addCredentials(
  request: Request,
  appKey: string,
  appSecret: string,
  mode: SigningMode,
): Promise<Request> {
  const params = await readRequestParams(request);
  return params.rebuild(CREDENTIALS, credentials(params.pairs, appKey, appSecret, mode));
}

/** The credential pairs for a request carrying `pairs`; credentials among them are ignored. */
function credentials(
  pairs: readonly SignPair[],
  appKey: string,
  appSecret: string,
  mode: SigningMode,
): SignPair[] {
  if (mode !== 'sign')
    return [
      ['appKey', appKey],
      ['appSecret', appSecret],
    ];
  const signed: SignPair[] = pairs.filter(([key]) => !CREDENTIALS.has(key));
  signed.push(['appKey', appKey]);
  return [
    ['appKey', appKey],
    ['sign', signPairs(signed, appSecret)],
  ];
}

/**
 * For a server checking a received request: the `sign` it carries and the one it should carry
 * (computed over every parameter except `sign`, as Daji does). Reads a clone; `request` stays usable.
 */
export async function requestSignature(
  request: Request,
  appSecret: string,
): Promise<{ received: string | undefined; expected: string }> {
  assertSecret(appSecret, 'requestSignature');
  const params = await readRequestParams(request.clone());
  const received = params.pairs.find(([key]) => key === 'sign')?.[1];
  const signed = params.pairs.filter(([key]) => key !== 'sign');
  return { received, expected: signPairs(signed, appSecret) };
}

function validate(options: SigningMiddlewareOptions): Required<SigningMiddlewareOptions> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `signingMiddleware: options must be an object { appKey, appSecret, mode? }, got ${describe(options)}.`,
    );
  }
  const { appKey, appSecret, mode = 'sign' } = options;
  if (typeof appKey !== 'string' || appKey.trim() === '') {
    throw new TypeError(
      `signingMiddleware: appKey must be a non-empty string (your Daji app key, from the Daji console), got ${describe(appKey)}.`,
    );
  }
  assertSecret(appSecret, 'signingMiddleware');
  if (mode !== 'sign' && mode !== 'debug-secret') {
    throw new TypeError(
      `signingMiddleware: mode must be 'sign' (production) or 'debug-secret' (sends the raw secret; debugging only), got ${typeof mode === 'string' ? 'another string' : describe(mode)}.`,
    );
  }
  return { appKey, appSecret, mode };
}
