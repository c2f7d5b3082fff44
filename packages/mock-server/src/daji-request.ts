import { readRequestParams, type SignPair } from '@daji-openapi/retry-policies';

/** An incoming request, parsed once for both the signature check and Prism. */
export interface DajiRequest {
  method: string;
  path: string;
  /** The query as Prism takes it: a repeated name keeps its values in order. */
  query: Record<string, string | string[]>;
  /** Request headers; only Content-Type changes when a form body is rebuilt. */
  headers: Record<string, string | string[] | undefined>;
  /** What Prism receives: the parsed JSON, the raw text of any other body, or null without a body. */
  body: unknown;
  /**
   * The parameters Daji signs, decoded and in transmitted order (reference §2.1): the query of a request
   * without a body, else the form fields or top-level JSON properties of its body.
   */
  pairs: readonly SignPair[];
  /** The same request with the parameters named in `drop` removed and `add` appended. */
  rebuild(drop: ReadonlySet<string>, add: readonly SignPair[]): Promise<DajiRequest>;
}

/** A request the mock cannot read at all, such as a JSON body that is not JSON. */
export class UnreadableRequestError extends Error {
  override readonly name = 'UnreadableRequestError';
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const FORM_TYPE = /^(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i;

/**
 * Parses a request. Bodies are read by `readRequestParams` from `@daji-openapi/retry-policies`, the same
 * code the client's signing middleware uses, so both sides see the same parameters: 19-digit numbers in
 * JSON keep every digit, file parts are left out, repeated fields stay separate.
 */
export async function parseDajiRequest(
  method: string,
  url: string,
  headers: DajiRequest['headers'],
  rawBody: Buffer | null,
): Promise<DajiRequest> {
  const { pathname, search } = new URL(url, 'http://localhost');
  const searchParams = new URLSearchParams(search);
  const base = {
    method: method.toLowerCase(),
    path: pathname,
    query: searchParamsToRecord(searchParams),
    headers,
  };
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';

  if (rawBody === null || !(JSON_TYPE.test(contentType) || FORM_TYPE.test(contentType))) {
    // Fast path for every GET: the query is already parsed, no Request object is built.
    const pairs = [...searchParams];
    const text = rawBody?.toString('utf8') ?? null;
    return {
      ...base,
      body: text,
      pairs,
      async rebuild(drop, add) {
        const next = new URLSearchParams();
        for (const [key, value] of pairs) if (!drop.has(key)) next.append(key, value);
        for (const [key, value] of add) next.append(key, value);
        return parseDajiRequest(method, `${pathname}?${next}`, headers, rawBody);
      },
    };
  }

  let body: unknown = rawBody.toString('utf8');
  if (JSON_TYPE.test(contentType)) {
    try {
      body = JSON.parse(body as string);
    } catch (error) {
      // V8's message quotes a piece of the body, which may hold a debug-mode appSecret: keep only where.
      const position = /at position (\d+)/.exec((error as Error).message)?.[1];
      const where = position === undefined ? '' : ` (first error at character ${position})`;
      throw new UnreadableRequestError(
        `JSON parse error: the request body is not valid JSON${where}. Send a JSON object with the parameters as top-level properties.`,
      );
    }
  }
  const request = new Request(new URL(url, 'http://localhost'), {
    method,
    headers: { 'content-type': contentType },
    // A Buffer is a Uint8Array; TypeScript's DOM typing only wants to know it is not a SharedArrayBuffer.
    body: rawBody as Uint8Array<ArrayBuffer>,
  });
  let params: Awaited<ReturnType<typeof readRequestParams>> | undefined;
  try {
    params = await readRequestParams(request);
  } catch {
    // A JSON body that is not an object, or a form the runtime cannot parse: it carries no parameters.
    // The signature check then reports the missing appKey, and Prism the contract violation.
  }
  return {
    ...base,
    body,
    pairs: params?.pairs ?? [],
    async rebuild(drop, add) {
      if (!params) return parseDajiRequest(method, url, headers, rawBody);
      const next = params.rebuild(drop, add);
      const nextHeaders: DajiRequest['headers'] = {
        ...headers,
        'content-type': next.headers.get('content-type') ?? contentType,
      };
      delete nextHeaders['content-length'];
      const nextBody = Buffer.from(await next.arrayBuffer());
      return parseDajiRequest(method, url, nextHeaders, nextBody);
    },
  };
}

function searchParamsToRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = record[name];
    if (existing === undefined) record[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else record[name] = [existing, value];
  }
  return record;
}
