import { CredentialsError } from './credentials.js';
import { EXIT, UsageError } from './exit-codes.js';
import { type Io, line } from './io.js';

interface DajiErrorLike extends Error {
  code: number | string;
  httpStatus?: number | undefined;
  traceId?: string | undefined;
  operationId?: string | undefined;
}

function isDajiError(error: unknown): error is DajiErrorLike {
  return error instanceof Error && /^Daji\w*Error$/.test(error.name) && 'code' in error;
}

/** The exit code for anything a command threw or a call returned as its error. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof CredentialsError) return EXIT.usage;
  if (isDajiError(error)) {
    if (error.name === 'DajiBusinessError') return EXIT.business;
    if (error.name === 'DajiAbortError') return EXIT.interrupted;
    return EXIT.transport;
  }
  // The client's own checks throw TypeError/RangeError naming the field before anything is sent.
  if (error instanceof TypeError || error instanceof RangeError) return EXIT.usage;
  return EXIT.transport;
}

/**
 * Writes an error to stderr: one line `daji <command>: <ErrorName> …`, then its details. With `json`,
 * one JSON object instead. Messages from the client are already free of credentials.
 */
export function reportError(io: Io, command: string, error: unknown, json = false): number {
  const code = exitCodeOf(error);
  if (json) {
    const e = error instanceof Error ? error : new Error(String(error));
    const details = isDajiError(e)
      ? { code: e.code, httpStatus: e.httpStatus, traceId: e.traceId, operationId: e.operationId }
      : {};
    line(
      io.stderr,
      JSON.stringify({ error: { name: e.name, message: e.message, ...details }, exitCode: code }),
    );
    return code;
  }
  if (error instanceof UsageError) {
    line(io.stderr, `daji ${command}: ${error.message}`);
    if (error.hint) line(io.stderr, error.hint);
  } else if (error instanceof CredentialsError) {
    for (const text of error.message.split('\n')) line(io.stderr, `daji ${command}: ${text}`);
  } else if (isDajiError(error)) {
    line(io.stderr, `daji ${command}: ${error.name}: ${error.message}`);
    const facts = [
      `code ${error.code}`,
      error.httpStatus !== undefined ? `HTTP ${error.httpStatus}` : undefined,
      error.traceId ? `traceId ${error.traceId}` : undefined,
    ].filter(Boolean);
    line(io.stderr, `  ${facts.join(', ')}`);
  } else if (error instanceof Error) {
    line(io.stderr, `daji ${command}: ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`);
  } else {
    line(io.stderr, `daji ${command}: ${String(error)}`);
  }
  return code;
}
