/**
 * The decode stage: an answer's text becomes Daji's envelope, parsed losslessly (19-digit ids stay exact
 * strings), or the `DajiError` that says why it cannot be used.
 */
import { businessErrorFrom, type DajiEnvelope, isSuccessEnvelope } from '../envelope.js';
import { type DajiError, DajiHttpError, httpErrorFrom } from '../errors.js';
import { parseLosslessJson } from '../lossless-json.js';
import type { Redactor } from '../redact.js';

export interface AnswerContext {
  method: string;
  path: string;
  operationId: string | undefined;
  /** The operationId, or the path outside the spec. */
  name: string;
  /** `keywordSearch (GET /alibaba/product/keywordQuery)`, for messages. */
  label: string;
}

/** The text parsed losslessly as JSON, or `otherwise` when it is empty or not JSON. */
function parsed(text: string, otherwise: unknown): unknown {
  try {
    return text === '' ? otherwise : parseLosslessJson(text);
  } catch {
    return otherwise;
  }
}

/**
 * The envelope of a successful answer, or the error for any other. `redactor` is built on demand: it knows
 * the exact sign the request carried, to remove any echo of it.
 */
export function decodeAnswer(
  response: Response,
  text: string,
  call: AnswerContext,
  redactor: () => Redactor,
): DajiEnvelope | DajiError {
  const { operationId } = call;
  if (!response.ok) return httpErrorFrom(response, parsed(text, text), call, redactor());
  const envelope = parsed(text, undefined);
  if (envelope === undefined) {
    return new DajiHttpError({
      code: response.status,
      message: `Daji answered HTTP ${response.status} to ${call.name} without a JSON envelope`,
      httpStatus: response.status,
      operationId,
      body: { message: redactor().text(text) },
    });
  }
  if (!isSuccessEnvelope(envelope)) return businessErrorFrom(envelope, call, redactor());
  return envelope;
}
