import { ConformanceSpec, type Deviation, type OpenApiDocument } from '@daji-openapi/conformance';
import type { MiddlewareCallbackParams } from 'openapi-fetch';
import { validatorSpec } from '../generated/validator-spec.js';

/** What `onDrift` receives: one checked answer that differs from the spec. */
export interface DriftEvent {
  operationId: string;
  method: string;
  /** The operation's path, e.g. `/alibaba/trade/get/buyerView` (never the query: it carries the signature). */
  path: string;
  status: number;
  /** Daji's `traceId` from the envelope, when the answer has one. */
  traceId?: string;
  /** Whether the answer still satisfies the spec (only tolerated differences such as unknown fields). */
  valid: boolean;
  /** The differences, each with `count: 1`; the same objects `daji-mock proxy` merges into its report. */
  deviations: Deviation[];
}

export interface ValidateResponsesOptions {
  /** Share of answers to check, from 0 to 1. Default 1 (every answer); in production 0.01–0.1 is plenty. */
  sampleRate?: number;
  /** Called with each checked answer that differs from the spec. Errors it throws are swallowed. */
  onDrift: (event: DriftEvent) => void;
  /** A bundled Daji OpenAPI document to check against instead of the one this client was built from. */
  spec?: OpenApiDocument;
  /** Answers larger than this are not checked. Default 1 048 576 bytes. */
  maxBodyBytes?: number;
  /** Random source for sampling, returning [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** An openapi-fetch middleware that checks answers, plus counters of what it did. */
export interface ResponseValidator {
  onResponse(params: MiddlewareCallbackParams & { response: Response }): undefined;
  /** Answers seen, checked, and found to differ, since the validator was created. */
  stats(): { seen: number; checked: number; drifted: number };
  /** Resolves when every check started so far has finished (checks run beside the call, not in it). */
  idle(): Promise<void>;
}

/**
 * Checks a sample of real Daji answers against the spec and reports where they differ — drift from
 * production, without a proxy. Add it with `client.use(...)`; it never changes or delays an answer.
 *
 * @example
 * client.use(validateResponses({ sampleRate: 0.05, onDrift: (e) => logger.warn('Daji drift', e) }));
 */
export function validateResponses(options: ValidateResponsesOptions): ResponseValidator {
  const { onDrift, sampleRate = 1, maxBodyBytes = 1_048_576, random = Math.random } = checkOptions(options);
  let spec: ConformanceSpec | undefined;
  const stats = { seen: 0, checked: 0, drifted: 0 };
  const running = new Set<Promise<void>>();

  async function check(method: string, path: string, response: Response): Promise<void> {
    spec ??= new ConformanceSpec(options.spec ?? validatorSpec);
    const operation = spec.match(method, path);
    if (!operation) return;
    const text = await readCapped(response, maxBodyBytes);
    if (text === undefined) return;
    stats.checked += 1;
    const { findings, valid } = spec.checkResponse(operation, {
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      body: text,
    });
    if (findings.length === 0) return;
    stats.drifted += 1;
    const event: DriftEvent = {
      operationId: operation.operationId,
      method,
      path: operation.path,
      status: response.status,
      valid,
      deviations: findings.map(({ tolerated: _tolerated, ...f }) => ({ ...f, count: 1 })),
    };
    const traceId = /"traceId"\s*:\s*"([^"\\]{1,64})"/.exec(text)?.[1];
    if (traceId) event.traceId = traceId;
    try {
      onDrift(event);
    } catch {
      // A failing drift handler must never break the caller's request.
    }
  }

  return {
    onResponse({ request, response, schemaPath }) {
      stats.seen += 1;
      if (sampleRate <= 0 || random() >= sampleRate) return undefined;
      // The copy is read beside the caller's own read; the caller's answer is returned untouched.
      const copy = response.clone();
      const task = check(request.method, schemaPath, copy)
        .catch(() => {})
        .finally(() => running.delete(task));
      running.add(task);
      return undefined;
    },
    stats: () => ({ ...stats }),
    idle: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

/** The body as text, or undefined when it is larger than `limit` bytes or cannot be read. */
async function readCapped(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return '';
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body.cancel().catch(() => {});
    return undefined;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function checkOptions(options: ValidateResponsesOptions): ValidateResponsesOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('validateResponses: options must be an object { sampleRate, onDrift }.');
  }
  if (typeof options.onDrift !== 'function') {
    throw new TypeError(
      `validateResponses: options.onDrift must be a function (event) => void that receives the deviations, got ${typeof options.onDrift}.`,
    );
  }
  const rate = options.sampleRate;
  if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
    throw new TypeError(
      `validateResponses: options.sampleRate must be a number from 0 to 1 (0.05 checks one answer in twenty), got ${String(rate)}.`,
    );
  }
  const max = options.maxBodyBytes;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new TypeError(
      `validateResponses: options.maxBodyBytes must be a whole number of bytes ≥ 1, got ${String(max)}.`,
    );
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw new TypeError('validateResponses: options.random must be a function returning a number in [0, 1).');
  }
  return options;
}
