/** The log stage: one record per call — what was called, how it ended, how long it took, how many attempts. */
import type { DajiError } from '../errors.js';

/** One line per request: what was called, how it ended, how long it took. Never a credential or the URL. */
export interface DajiLogRecord {
  method: string;
  path: string;
  operationId: string | undefined;
  /** HTTP status; absent when no answer arrived. */
  status?: number;
  traceId?: string;
  durationMs: number;
  /** How many times the request was sent, when it was more than once (retries of a read). */
  attempts?: number;
  /** Error class name when the call failed, e.g. `DajiBusinessError`. */
  error?: string;
  code?: number | string;
}

/** Anything with `info` and `warn`, e.g. `console` or a pino/winston logger. */
export interface DajiLogger {
  info(message: string, record: DajiLogRecord): void;
  warn(message: string, record?: DajiLogRecord): void;
}

export interface Outcome {
  status?: number | undefined;
  traceId?: string | undefined;
  error?: DajiError | undefined;
}

/** Writes the call's record; builds nothing when there is no logger. */
export function logCall(
  logger: DajiLogger | undefined,
  call: { method: string; path: string; operationId: string | undefined; name: string; started: number },
  outcome: Outcome,
  attempts = 1,
): void {
  if (!logger) return;
  const { method, path, operationId, name } = call;
  const record: DajiLogRecord = { method, path, operationId, durationMs: Date.now() - call.started };
  if (outcome.status !== undefined) record.status = outcome.status;
  const traceId = outcome.traceId ?? outcome.error?.traceId;
  if (traceId !== undefined) record.traceId = traceId;
  if (attempts > 1) record.attempts = attempts;
  if (outcome.error) {
    record.error = outcome.error.name;
    record.code = outcome.error.code;
    logger.warn(`Daji ${name} failed: ${outcome.error.name}`, record);
  } else {
    logger.info(`Daji ${name} ok`, record);
  }
}
