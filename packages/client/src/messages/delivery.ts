/** The two things a push carries: the message text exactly as sent, and the signature over it. */
export interface Delivery {
  message: string;
  signature: string | undefined;
}

/** A refusal: the HTTP status to answer with and a one-line reason for the sender's logs. */
export interface Refusal {
  status: number;
  reason: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Pulls `message` and `_aop_signature` out of a push body. 1688 posts them form-urlencoded; a JSON
 * body carrying the same two fields (`{ "message": "<json text>", "_aop_signature": "…" }`) is also
 * accepted, because the signature covers the message *text*, which survives either encoding intact.
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
    reason: `Content-Type ${JSON.stringify(contentType)} is not supported; send application/x-www-form-urlencoded (message, _aop_signature) or application/json.`,
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
  const signatures = form.getAll('_aop_signature');
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
    return { status: 400, reason: 'Form field "_aop_signature" appears more than once.' };
  }
  return { message: messages[0] as string, signature: signatures[0] };
}

function fromJson(text: string): Delivery | Refusal {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, reason: 'Body is not valid JSON.' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { status: 400, reason: 'JSON body must be an object with "message" and "_aop_signature".' };
  }
  const { message, _aop_signature: signature } = body as Record<string, unknown>;
  if (typeof message !== 'string' || message === '') {
    return {
      status: 400,
      reason:
        'JSON body field "message" must be a non-empty string holding the message JSON text (the signature covers that exact text).',
    };
  }
  if (signature !== undefined && typeof signature !== 'string') {
    return { status: 400, reason: 'JSON body field "_aop_signature" must be a string.' };
  }
  return { message, signature };
}
