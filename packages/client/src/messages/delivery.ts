/** The two things a push carries: the message text exactly as sent, and the signature over it. */
export interface Delivery {
  message: string;
  signature: string | undefined;
  /** The field the signature came in: Daji's `_dj_signature`, or 1688's native `_aop_signature`. */
  signatureField: SignatureField;
}

/** Daji's wiki names the push signature `_dj_signature`; 1688's own pushes call it `_aop_signature`. */
export type SignatureField = '_dj_signature' | '_aop_signature';
const SIGNATURE_FIELDS: readonly SignatureField[] = ['_dj_signature', '_aop_signature'];

/** A refusal: the HTTP status to answer with and a one-line reason for the sender's logs. */
export interface Refusal {
  status: number;
  reason: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Pulls `message` and its signature out of a push body. Daji posts them form-urlencoded, the signature in
 * `_dj_signature` (1688's native name `_aop_signature` is accepted too). A JSON body carrying the same two
 * fields (`{ "message": "<json text>", "_dj_signature": "…" }`) is also accepted, because the signature
 * covers the message *text*, which survives either encoding intact.
 */
export function readDelivery(body: Uint8Array, contentType: string | null): Delivery | Refusal {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { status: 400, reason: 'Body is not valid UTF-8 text.' };
  }
  const kind = bodyKind(contentType, text);
  if (kind === 'form') return fromForm(text);
  if (kind === 'json') return fromJson(text);
  return {
    status: 415,
    reason: `Content-Type ${JSON.stringify(contentType)} is not supported; send application/x-www-form-urlencoded (message, _dj_signature) or application/json.`,
  };
}

function bodyKind(contentType: string | null, text: string): 'form' | 'json' | 'unsupported' {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (mediaType === 'application/json' || /^application\/[\w.+-]*\+json$/.test(mediaType)) {
    return 'json';
  }
  // A sender that omits the header still gets a fair read: a JSON object starts with "{".
  if (mediaType === '') return text.trimStart().startsWith('{') ? 'json' : 'form';
  return 'unsupported';
}

function fromForm(text: string): Delivery | Refusal {
  const form = new URLSearchParams(text);
  const messages = form.getAll('message');
  const signatures = SIGNATURE_FIELDS.flatMap((field) =>
    form.getAll(field).map((value) => ({ field, value })),
  );
  if (messages.length !== 1 || messages[0] === '') {
    return {
      status: 400,
      reason:
        messages.length > 1
          ? 'Form field "message" appears more than once; expected exactly one.'
          : 'Form field "message" is missing or empty; expected the message JSON text.',
    };
  }
  if (signatures.length > 1) {
    return {
      status: 400,
      reason: 'The signature appears more than once; send exactly one "_dj_signature" (or "_aop_signature").',
    };
  }
  return {
    message: messages[0] as string,
    signature: signatures[0]?.value,
    signatureField: signatures[0]?.field ?? '_dj_signature',
  };
}

function fromJson(text: string): Delivery | Refusal {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, reason: 'Body is not valid JSON.' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { status: 400, reason: 'JSON body must be an object with "message" and "_dj_signature".' };
  }
  const fields = body as Record<string, unknown>;
  const { message } = fields;
  const present = SIGNATURE_FIELDS.filter((field) => fields[field] !== undefined);
  if (present.length > 1) {
    return {
      status: 400,
      reason: 'The signature appears more than once; send exactly one "_dj_signature" (or "_aop_signature").',
    };
  }
  const signatureField = present[0] ?? '_dj_signature';
  const signature = fields[signatureField];
  if (typeof message !== 'string' || message === '') {
    return {
      status: 400,
      reason:
        'JSON body field "message" must be a non-empty string holding the message JSON text (the signature covers that exact text).',
    };
  }
  if (signature !== undefined && typeof signature !== 'string') {
    return { status: 400, reason: `JSON body field "${signatureField}" must be a string.` };
  }
  return { message, signature, signatureField };
}
