import type { SignPair } from './canonical.js';
import { rawSignText, topLevelFields } from './json-fields.js';

/**
 * Reads the parameters of a serialized `Request` where Daji reads them — the query of a request without
 * a body, else the form fields or top-level JSON properties of its body — and rebuilds the request with
 * some of them replaced. Shared by the signing middleware and by servers that check a signature.
 */
export interface RequestParams {
  /** Where the parameters live. */
  readonly location: 'query' | 'json' | 'urlencoded' | 'multipart';
  /** The parameters as the server decodes them, in transmitted order. File parts and JSON nulls are left out. */
  readonly pairs: readonly SignPair[];
  /** A new Request with every parameter named in `drop` removed and `add` appended. */
  rebuild(drop: ReadonlySet<string>, add: readonly SignPair[]): Request;
}

/** Consumes `request`'s body; pass `request.clone()` to keep the original usable. */
export async function readRequestParams(request: Request): Promise<RequestParams> {
  const url = new URL(request.url);
  if (request.body === null) {
    const pairs = [...new URLSearchParams(url.search)];
    return {
      location: 'query',
      pairs,
      rebuild(drop, add) {
        const target = withQuery(url, drop, add);
        return new Request(target, request);
      },
    };
  }

  const contentType = request.headers.get('content-type') ?? '';
  const mime = contentType.split(';')[0]!.trim().toLowerCase();

  if (mime === 'application/json' || mime.endsWith('+json')) {
    const text = await request.text();
    let fields: ReturnType<typeof topLevelFields>;
    try {
      fields = topLevelFields(text);
    } catch (error) {
      throw new TypeError(
        `Cannot sign ${request.method} ${url.pathname}: the body is sent as ${mime} but is not a JSON object (${(error as Error).message}). Daji reads credentials from top-level JSON properties, so the body must be an object.`,
      );
    }
    const pairs: SignPair[] = [];
    for (const [key, raw] of fields) {
      const text = rawSignText(raw);
      if (text !== undefined) pairs.push([key, text]);
    }
    return {
      location: 'json',
      pairs,
      rebuild(drop, add) {
        const members = fields
          .filter(([key]) => !drop.has(key))
          .map(([key, raw]) => `${JSON.stringify(key)}:${raw}`);
        for (const [key, value] of add) members.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
        return withBody(request, withQuery(url, drop, []), `{${members.join(',')}}`, false);
      },
    };
  }

  if (mime === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(await request.text());
    return {
      location: 'urlencoded',
      pairs: [...form],
      rebuild(drop, add) {
        const next = new URLSearchParams();
        for (const [key, value] of form) if (!drop.has(key)) next.append(key, value);
        for (const [key, value] of add) next.append(key, value);
        return withBody(request, withQuery(url, drop, []), next.toString(), false);
      },
    };
  }

  if (mime === 'multipart/form-data') {
    const form = await request.formData();
    const pairs: SignPair[] = [];
    for (const [key, value] of form) if (typeof value === 'string') pairs.push([key, value]);
    return {
      location: 'multipart',
      pairs,
      rebuild(drop, add) {
        const next = new FormData();
        for (const [key, value] of form) if (!drop.has(key)) next.append(key, value);
        for (const [key, value] of add) next.append(key, value);
        // The old Content-Type names the old boundary; without it the runtime writes a matching one.
        return withBody(request, withQuery(url, drop, []), next, true);
      },
    };
  }

  throw new TypeError(
    `Cannot sign ${request.method} ${url.pathname}: its body is sent as "${contentType || 'no content type'}". Daji takes credentials in the query (no body), in form fields (multipart/form-data or application/x-www-form-urlencoded) or in top-level JSON properties (application/json).`,
  );
}

/** The URL with `drop` removed from its query and `add` appended, other parameters left byte for byte. */
function withQuery(url: URL, drop: ReadonlySet<string>, add: readonly SignPair[]): string {
  const parts = url.search.length > 1 ? url.search.slice(1).split('&') : [];
  const kept = parts.filter((part) => {
    if (part === '') return false;
    const [entry] = new URLSearchParams(part);
    return !(entry && drop.has(entry[0]));
  });
  for (const [key, value] of add) kept.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  const next = new URL(url);
  next.search = kept.length ? `?${kept.join('&')}` : '';
  return next.href;
}

function withBody(request: Request, url: string, body: BodyInit, dropContentType: boolean): Request {
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  if (dropContentType) headers.delete('content-type');
  // A RequestInit built field by field: `new Request(url, request)` would try to reuse the consumed body.
  return new Request(url, {
    method: request.method,
    headers,
    body,
    signal: request.signal,
    credentials: request.credentials,
    cache: request.cache,
    redirect: request.redirect,
    referrerPolicy: request.referrerPolicy,
    integrity: request.integrity,
    keepalive: request.keepalive,
    mode: request.mode === 'navigate' ? 'same-origin' : request.mode,
  });
}
