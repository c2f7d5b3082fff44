/** Turning Daji answers into results: success envelopes, business failures, and `unwrap`. */
import { DajiBusinessError, DajiError, excerpt, KEEP, type Redactor } from './errors.js';

/** The envelope every Daji answer comes in. */
export interface DajiEnvelope<Data = unknown> {
  code: number;
  message: string;
  data: Data;
  timestamp: number;
  traceId: string;
}

/** A successful call: `data` is the whole envelope with `code` 200. */
export interface DajiSuccess<Envelope> {
  data: Envelope;
  error?: never;
  response: Response;
}

/** A failed call: HTTP 4xx/5xx (`DajiHttpError`) or envelope `code` ≠ 200 (`DajiBusinessError`). */
export interface DajiFailure {
  data?: never;
  error: DajiError;
  response: Response;
}

export type DajiResult<Envelope> = DajiSuccess<Envelope> | DajiFailure;

/** The business payload inside a result's envelope. */
export type UnwrappedData<R> = R extends { data: infer E }
  ? E extends { data?: infer D }
    ? NonNullable<D>
    : never
  : never;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A 200 body that is an envelope with `code` 200. Some clients also see the code as text, so both count. */
export function isSuccessEnvelope(body: unknown): body is DajiEnvelope {
  return isObject(body) && (body.code === 200 || body.code === '200');
}

export function businessErrorFrom(
  body: unknown,
  context: { operationId?: string | undefined; method: string; path: string },
  redact: Redactor,
): DajiBusinessError {
  // Fields are read before redaction, which may rename keys that contain the secret; shown text is redacted.
  const envelope = isObject(body) ? body : {};
  const code =
    typeof envelope.code === 'number'
      ? envelope.code
      : typeof envelope.code === 'string'
        ? redact.text(envelope.code)
        : 'NO_ENVELOPE';
  const reason =
    typeof envelope.message === 'string' && envelope.message !== ''
      ? envelope.message
      : isObject(body)
        ? 'no message'
        : 'the answer is not a Daji envelope';
  const label = context.operationId ?? `${context.method} ${context.path}`;
  const traceId = typeof envelope.traceId === 'string' ? redact.text(envelope.traceId) : undefined;
  return new DajiBusinessError({
    code,
    message: `Daji refused ${label} (code ${code}): ${redact.text(excerpt(reason))}`,
    traceId,
    httpStatus: 200,
    operationId: context.operationId,
    // Redacted in place, string by string: the envelope is this call's own parsed copy.
    envelope: redact.value(body),
  });
}

/**
 * The payload of a successful call, or the call's `DajiError` thrown. Accepts the result or its promise.
 *
 * @example const page = await unwrap(client.GET('/alibaba/product/keywordQuery', { params: { query } }));
 */
export async function unwrap<R extends { data?: unknown; error?: unknown }>(
  result: R | Promise<R>,
): Promise<UnwrappedData<R>> {
  const settled = await result;
  if (settled.error !== undefined) {
    throw settled.error instanceof Error
      ? settled.error
      : new DajiError({ code: 'UNKNOWN', message: String(settled.error) });
  }
  if (!isSuccessEnvelope(settled.data)) {
    // Results from this client never get here; a raw openapi-fetch result might.
    throw businessErrorFrom(settled.data, { method: 'a call to', path: 'Daji' }, KEEP);
  }
  return settled.data.data as UnwrappedData<R>;
}
