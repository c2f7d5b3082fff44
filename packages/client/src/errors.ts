/**
 * The one family of errors the Daji client throws or returns. Every error carries where it happened
 * (`operationId`, `httpStatus`, `traceId`) and never a credential: messages built from server text are
 * passed through the client's redaction first.
 */

/** What every Daji error knows; fields the situation cannot fill stay `undefined`. */
export interface DajiErrorDetails {
  /** Envelope `code` for business failures, the HTTP status for HTTP failures, a word for the rest. */
  code: number | string;
  message: string;
  traceId?: string | undefined;
  httpStatus?: number | undefined;
  operationId?: string | undefined;
  cause?: unknown;
}

export class DajiError extends Error {
  override name = 'DajiError';
  // Declared only: the constructor sets them (a class field would set each twice).
  declare readonly code: number | string;
  declare traceId: string | undefined;
  declare readonly httpStatus: number | undefined;
  declare operationId: string | undefined;

  constructor(details: DajiErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.traceId = details.traceId;
    this.httpStatus = details.httpStatus;
    this.operationId = details.operationId;
  }
}

/** HTTP 200, but the Daji envelope's `code` is not 200: Daji (or 1688 behind it) refused the request. */
export class DajiBusinessError extends DajiError {
  override name = 'DajiBusinessError';
  /** The whole envelope as Daji sent it (ids already lossless). */
  declare readonly envelope: unknown;

  constructor(details: DajiErrorDetails & { envelope: unknown }) {
    super(details);
    this.envelope = details.envelope;
  }
}

/** The parsed error body of a 4xx/5xx answer, whichever of Daji's shapes it came in. */
export interface DajiHttpErrorBody {
  /** Spring Boot's default error object: `{ timestamp, status, error, message, path }`. */
  timestamp?: unknown;
  status?: number;
  error?: string;
  message?: string;
  path?: string;
  /** RFC 9457 problem details: `{ type, title, status, detail, instance }`. */
  type?: string;
  title?: string;
  detail?: string;
  instance?: string;
  /** Validation problems, as Prism-style problem bodies list them. */
  validation?: unknown;
  /** A Daji envelope sent with an error status. */
  code?: number | string;
  traceId?: string;
  [key: string]: unknown;
}

/** Daji answered with HTTP 4xx/5xx (wrong path, bad signature, bad parameters, throttling, outage). */
export class DajiHttpError extends DajiError {
  override name = 'DajiHttpError';
  /** The parsed JSON body, or `{ message: <text> }` when the body was not JSON. */
  declare readonly body: DajiHttpErrorBody;

  constructor(details: DajiErrorDetails & { body: DajiHttpErrorBody }) {
    super(details);
    this.body = details.body;
  }
}

/** The request did not finish within `timeoutMs`. */
export class DajiTimeoutError extends DajiError {
  override name = 'DajiTimeoutError';
}

/** The request never got an HTTP answer: DNS, connection refused or reset, TLS, CORS. */
export class DajiNetworkError extends DajiError {
  override name = 'DajiNetworkError';
}

/** The caller aborted the request through its own `signal`. */
export class DajiAbortError extends DajiError {
  override name = 'DajiAbortError';
}

/** The answer's body (after content decoding) grew beyond `maxResponseBytes`; reading it was stopped. */
export class DajiResponseTooLargeError extends DajiError {
  override name = 'DajiResponseTooLargeError';
  /** The limit that was exceeded, in bytes. */
  declare readonly limitBytes: number;

  constructor(details: DajiErrorDetails & { limitBytes: number }) {
    super(details);
    this.limitBytes = details.limitBytes;
  }
}

/** A server's text as an error message shows it: cut at 500 characters (the whole of it stays in the error). */
export function excerpt(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Removes credentials from server text; see redact.ts. */
export interface Redactor {
  text(text: string): string;
  value<T>(value: T): T;
}

/** For answers that need no redaction. */
export const KEEP: Redactor = { text: (text) => text, value: (value) => value };

const PLACEHOLDER = /No message available/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Reads a 4xx/5xx body in any of the shapes Daji has been seen to send (Spring default error object,
 * problem+json, its own envelope, plain text) and builds the error. `body` is the parsed JSON (ids
 * lossless) or the text, already redacted: a server may echo the request back.
 */
export function httpErrorFrom(
  answer: { status: number; statusText: string },
  parsed: unknown,
  /** `label` names the call in the message: `keywordSearch (GET /alibaba/product/keywordQuery)`. */
  call: { operationId?: string | undefined; label: string },
  redact: Redactor,
): DajiHttpError {
  const { status } = answer;
  // Read before redaction, which may rename keys that contain the secret; what is shown is redacted.
  const raw: DajiHttpErrorBody =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as DajiHttpErrorBody)
      : {
          message: typeof parsed === 'string' ? parsed : parsed === undefined ? '' : JSON.stringify(parsed),
        };
  const body = raw;
  // Spring fills `message` with a placeholder when it has nothing to say; the other fields say more.
  const bodyMessage = text(body.message) && !PLACEHOLDER.test(body.message!) ? body.message : undefined;
  const reason =
    text(body.detail) ?? bodyMessage ?? text(body.title) ?? text(body.error) ?? text(answer.statusText) ?? '';
  // Problem bodies from validators (the mock server among them) list each violation; those name the field.
  const violations = Array.isArray(body.validation)
    ? (body.validation as unknown[])
        .map((v) => (v && typeof v === 'object' ? (v as { message?: unknown }).message : undefined))
        .filter((message): message is string => typeof message === 'string')
    : [];
  const explained = violations.length ? `${text(body.title) ?? reason}: ${violations.join('; ')}` : reason;
  const shown = redact.text(excerpt(explained));
  const traceId = text(body.traceId);
  return new DajiHttpError({
    code:
      typeof body.code === 'number'
        ? body.code
        : typeof body.code === 'string'
          ? redact.text(body.code)
          : status,
    message: `Daji answered HTTP ${status} to ${call.label}${shown ? `: ${shown}` : ''}`,
    traceId: traceId === undefined ? undefined : redact.text(traceId),
    httpStatus: status,
    operationId: call.operationId,
    body: redact.value(raw),
  });
}
