import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  type getHttpOperationsFromSpec,
  type IHttpConfig,
  type IHttpRequest,
  type PrismHttpInstance,
  ProblemJsonError,
} from '@stoplight/prism-http';
import { getHttpConfigFromRequest } from '@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js';
import { serialize } from '@stoplight/prism-http-server/dist/serialize.js';
import { addCorsHeaders, answerPreflight } from './cors.js';
import { type DajiRequest, parseDajiRequest, UnreadableRequestError } from './daji-request.js';
import type { QueryRule } from './query-rules.js';
import type { SandboxHooks } from './sandbox/sandbox.js';
import { type AppCredentials, signatureFailure, withoutDebugSecret } from './signature.js';
import { springError } from './spring-error.js';

export type HttpOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];

/** One served request, as reported to `onRequest` (and printed by the CLI). Never holds parameters or secrets. */
export interface RequestRecord {
  method: string;
  /** The path without the query string (the query may carry a debug `appSecret`). */
  path: string;
  status: number;
  durationMs: number;
  /** Why the request was rejected (signature failure, contract violations), when it was. */
  reason?: string;
}

export interface ListenerContext {
  prism: PrismHttpInstance;
  operations: HttpOperation[];
  config: IHttpConfig;
  verify: AppCredentials | undefined;
  onRequest: ((record: RequestRecord) => void) | undefined;
  /** In sandbox mode: the control API, and answers from the sandbox's state instead of the examples. */
  sandbox?: SandboxHooks | undefined;
  /** Rules over several query parameters (`x-daji-query-schema`), by `method path`. */
  queryRules?: Map<string, QueryRule> | undefined;
}

// Same limit as Prism's own server; Daji's image upload is at most 3 MB of image, ~4 MB as base64.
const BODY_LIMIT_BYTES = 10 * 1024 * 1024;
const MAX_VIOLATION_HEADER = 8 * 1024 - 100;

class BodyTooLargeError extends Error {}

// One media type, optionally with parameters: `application/json, text/plain` is a list, not a type.
const SINGLE_MEDIA_TYPE = /^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*(?:;.*)?$/s;

// The configured secret of the server answering each response, so that nothing sent echoes it.
const secrets = new WeakMap<ServerResponse, string>();

/** The text with the secret, as written raw or inside a JSON string, replaced by a placeholder. */
function scrub(text: string, secret: string | undefined): string {
  if (secret === undefined) return text;
  const escaped = JSON.stringify(secret).slice(1, -1);
  let out = text.split(escaped).join('<appSecret>');
  if (escaped !== secret) out = out.split(secret).join('<appSecret>');
  return out;
}

/**
 * The mock's whole request path in one handler: CORS, then Daji's signature check, then Prism's routing,
 * validation and mocking. It mirrors the handler of `@stoplight/prism-http-server` (which offers no hook
 * before validation) so the check costs no extra hop or body parse.
 */
export function createRequestListener(
  context: ListenerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    if (context.verify) secrets.set(res, context.verify.appSecret);
    handle(context, req, res).then(
      (reason) => report(context, req, res, started, reason),
      (error: unknown) => {
        const message = `The mock server failed while answering: ${(error as Error)?.message ?? String(error)}`;
        if (!res.headersSent) sendJson(res, 500, springError(500, message, pathOf(req)));
        else res.destroy();
        report(context, req, res, started, message);
      },
    );
  };
}

async function handle(
  context: ListenerContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<string | undefined> {
  addCorsHeaders(req, res);
  // Tools such as `daji doctor` tell a local mock from real Daji by this header; Daji never sends it.
  res.setHeader('X-Daji-Mock', context.sandbox ? 'sandbox' : 'examples');
  if (answerPreflight(req, res)) return undefined;
  const control = context.sandbox?.control(req, res);
  if (control) return control;

  // Malformed requests are the sender's fault: a 4xx saying what is wrong, never a 500.
  try {
    new URL(req.url ?? '/', 'http://localhost');
  } catch {
    const message =
      'The request target is not a valid URL (a bad host or port in an absolute-form request line). Send the path and query, e.g. /alibaba/product/keywordQuery?….';
    sendJson(res, 400, springError(400, message, '/'));
    return message;
  }
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !SINGLE_MEDIA_TYPE.test(contentType)) {
    // 400 like every other invalid request: the spec documents no 415 and Daji is not known to send one.
    const message = `Content-Type must be one media type, e.g. 'application/json' or 'multipart/form-data; boundary=…', got a value that is not one.`;
    sendJson(res, 400, springError(400, message, pathOf(req)));
    return message;
  }

  let request: DajiRequest;
  try {
    const rawBody = await readBody(req);
    request = await parseDajiRequest(req.method ?? 'GET', req.url ?? '/', req.headers, rawBody);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      const message = `The request body is larger than ${BODY_LIMIT_BYTES} bytes. Daji accepts images of at most 3 MB.`;
      res.setHeader('Connection', 'close');
      sendJson(res, 400, springError(400, message, pathOf(req)));
      return message;
    }
    if (error instanceof UnreadableRequestError) {
      sendJson(res, 400, springError(400, error.message, pathOf(req)));
      return error.message;
    }
    throw error;
  }

  if (context.verify) {
    const failure = signatureFailure(request.pairs, context.verify);
    if (failure) {
      sendJson(res, 400, springError(400, failure, request.path));
      return failure;
    }
  }
  const swap = withoutDebugSecret(request.pairs);
  if (swap) request = await request.rebuild(swap.drop, swap.add);

  const broken = context.queryRules?.get(`${request.method} ${request.path}`)?.(request.query);
  if (broken) {
    sendJson(res, 400, springError(400, `Invalid request: ${broken}`, request.path));
    return broken;
  }
  return answerWithPrism(context, res, request);
}

async function answerWithPrism(
  context: ListenerContext,
  res: ServerResponse,
  request: DajiRequest,
): Promise<string | undefined> {
  const server = request.query.__server;
  const input: IHttpRequest = {
    method: request.method as IHttpRequest['method'],
    url: {
      path: request.path,
      baseUrl: typeof server === 'string' ? server : undefined,
      query: request.query,
    },
    headers: request.headers as Record<string, string>,
    body: request.body,
  };
  const preferences = getHttpConfigFromRequest(input);
  if (preferences._tag === 'Left') return sendProblem(res, preferences.left, request.path);

  // A fresh mock config per request: Prism's mocker writes the negotiated media types into it.
  const mock = { ...context.config.mock, ...definedOnly(preferences.right) };
  const result = await context.prism.request(input, context.operations, { ...context.config, mock })();
  if (result._tag === 'Left') return sendProblem(res, result.left, request.path);

  const { output, validations } = result.right;
  if (context.sandbox && validations.input.length === 0 && output.statusCode < 300) {
    const answered = context.sandbox.answer(request, res);
    if (answered) return answered;
  }
  const violations = [
    ...validations.input.map((v) => ({ location: ['request', ...(v.path ?? [])], ...pickViolation(v) })),
    ...validations.output.map((v) => ({ location: ['response', ...(v.path ?? [])], ...pickViolation(v) })),
  ];
  if (violations.length > 0) {
    let header = JSON.stringify(violations);
    if (header.length > MAX_VIOLATION_HEADER)
      header = `Too many violations! ${header.slice(0, MAX_VIOLATION_HEADER)}`;
    res.setHeader('sl-violations', header);
  }
  for (const [name, value] of Object.entries(output.headers ?? {})) {
    if (value !== undefined && value !== null) res.setHeader(name, value);
  }
  const payload = serialize(output.body, res.getHeader('content-type') as string | undefined);
  send(res, output.statusCode, payload);
  return undefined;
}

/**
 * Prism's own refusals, answered as Daji's Spring Boot front answers: a request that breaks the contract
 * (Prism's 422, or an unreadable Accept or Content-Type) gets HTTP 400 with the Spring error body naming
 * the failing parameter in `message`; an unknown path keeps 404. Every status sent is one the spec declares.
 */
function sendProblem(
  res: ServerResponse,
  error: Error & { status?: number; additional?: Record<string, unknown> },
  path: string,
) {
  const headers = error.additional?.headers;
  if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, String(value));
  }
  const problem = ProblemJsonError.toProblemJson(error);
  const reason = problemReason(problem);
  const status = error.status ?? 500;
  if (status === 404 || status >= 500) {
    sendJson(
      res,
      status,
      springError(status, reason || (status === 404 ? 'No static resource.' : 'Error'), path),
    );
  } else {
    sendJson(res, 400, springError(400, `Invalid request: ${reason}`, path));
  }
  return reason;
}

/** "request.query.pageSize must be <= 50; …" from the problem's violations, else its detail. */
function problemReason(problem: Record<string, unknown>): string {
  const validation = problem.validation;
  if (Array.isArray(validation) && validation.length > 0) {
    return validation
      .map((v: { location?: string[]; message?: string }) =>
        `${(v.location ?? []).join('.')} ${v.message ?? ''}`.trim(),
      )
      .join('; ');
  }
  return String(problem.detail || problem.title || '');
}

function pickViolation(v: { severity: unknown; code?: unknown; message: string }) {
  const severities = ['Error', 'Warning', 'Information', 'Hint'];
  return { severity: severities[Number(v.severity)] ?? v.severity, code: v.code, message: v.message };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Prism's rule: no Content-Length and no Transfer-Encoding (or a zero length) means no body. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const length = req.headers['content-length'];
  if (length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined)) {
    return Promise.resolve(null);
  }
  if (length !== undefined && Number(length) > BODY_LIMIT_BYTES) {
    req.resume();
    return Promise.reject(new BodyTooLargeError());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.setHeader('Content-Type', 'application/json');
  send(res, status, JSON.stringify(body));
}

function send(res: ServerResponse, status: number, raw: string | undefined): void {
  res.statusCode = status;
  if (raw === undefined) {
    res.end();
    return;
  }
  const payload = scrub(raw, secrets.get(res));
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

function report(
  context: ListenerContext,
  req: IncomingMessage,
  res: ServerResponse,
  started: number,
  reason: string | undefined,
): void {
  if (!context.onRequest) return;
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    path: pathOf(req),
    status: res.statusCode,
    durationMs: performance.now() - started,
  };
  if (reason !== undefined) record.reason = scrub(reason, context.verify?.appSecret);
  record.path = scrub(record.path, context.verify?.appSecret);
  context.onRequest(record);
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
