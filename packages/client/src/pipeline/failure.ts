/**
 * The map stage for what was thrown rather than answered: a transport failure becomes a timeout, the
 * caller's abort or a network error. Errors of the caller's own making pass through untouched.
 */
import { DajiAbortError, DajiError, DajiNetworkError, DajiTimeoutError } from '../errors.js';
import type { Call } from './build.js';
import type { Deadline } from './deadline.js';

export function classifyFailure(thrown: unknown, deadline: Deadline | undefined, call: Call): DajiError {
  if (!(thrown instanceof DajiError)) throw thrown;
  if (!(thrown instanceof DajiNetworkError)) return thrown; // e.g. the limiter's own
  const { operationId, name, timeoutMs } = call;
  if (deadline?.timedOut) {
    return new DajiTimeoutError({
      code: 'TIMEOUT',
      message: `${name} got no complete answer within ${timeoutMs} ms`,
      operationId,
      cause: thrown.cause,
    });
  }
  if (call.signal?.aborted) return abortedError(call, 'by the caller');
  thrown.operationId ??= operationId;
  return thrown;
}

export function abortedError(call: Call, how: 'by the caller' | 'before it was sent'): DajiAbortError {
  return new DajiAbortError({
    code: 'ABORTED',
    message: `${call.name} was aborted ${how}`,
    operationId: call.operationId,
    cause: call.signal?.reason,
  });
}
